//! state::mailbox: which IMAP messages `fetch` has already copied, by account, folder,
//! UIDVALIDITY and UID (SPEC §9a), so each message is fetched once. A server that resets
//! UIDVALIDITY starts a new set: its messages are fetched again (the archive names files by
//! content, so a message already there is not stored twice). Knows nothing of IMAP itself.

use std::collections::HashSet;

use rusqlite::params;

use super::State;

impl State {
    /// The UIDs already fetched from `folder` of `account` under `uidvalidity`.
    pub fn fetched_uids(
        &self,
        account: &str,
        folder: &str,
        uidvalidity: u32,
    ) -> anyhow::Result<HashSet<u32>> {
        let mut statement = self.connection.prepare(
            "SELECT uid FROM mailbox_messages WHERE account = ?1 AND folder = ?2 AND uidvalidity = ?3",
        )?;
        let uids = statement
            .query_map(params![account, folder, i64::from(uidvalidity)], |row| {
                row.get::<_, i64>(0)
            })?
            .filter_map(|uid| uid.ok().and_then(|uid| u32::try_from(uid).ok()))
            .collect();
        Ok(uids)
    }

    /// Remembers that `uid` was fetched (into `file`, or skipped when `None`).
    pub fn remember_fetched(
        &mut self,
        account: &str,
        folder: &str,
        uidvalidity: u32,
        uid: u32,
        file: Option<&str>,
    ) -> anyhow::Result<()> {
        self.connection.execute(
            "INSERT OR REPLACE INTO mailbox_messages (account, folder, uidvalidity, uid, file)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                account,
                folder,
                i64::from(uidvalidity),
                i64::from(uid),
                file
            ],
        )?;
        Ok(())
    }

    /// Forgets the UIDs of `folder` of `account` under any other UIDVALIDITY (they can
    /// never be asked for again). Returns whether there were any: the server reset it.
    pub fn forget_other_uidvalidity(
        &mut self,
        account: &str,
        folder: &str,
        uidvalidity: u32,
    ) -> anyhow::Result<bool> {
        let removed = self.connection.execute(
            "DELETE FROM mailbox_messages WHERE account = ?1 AND folder = ?2 AND uidvalidity <> ?3",
            params![account, folder, i64::from(uidvalidity)],
        )?;
        Ok(removed > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fetched_uids_are_remembered_per_uidvalidity() {
        let mut state = State::in_memory().unwrap();
        state
            .remember_fetched("a", "INBOX", 7, 1, Some("x.eml"))
            .unwrap();
        state.remember_fetched("a", "INBOX", 7, 2, None).unwrap();
        assert_eq!(
            state.fetched_uids("a", "INBOX", 7).unwrap(),
            HashSet::from([1, 2])
        );
        assert!(state.fetched_uids("a", "INBOX", 8).unwrap().is_empty());
        assert!(state.fetched_uids("b", "INBOX", 7).unwrap().is_empty());
        assert!(!state.forget_other_uidvalidity("a", "INBOX", 7).unwrap());
        assert!(state.forget_other_uidvalidity("a", "INBOX", 8).unwrap());
        assert!(state.fetched_uids("a", "INBOX", 7).unwrap().is_empty());
    }
}
