//! matching::sender: the address a certificate was emailed from, as evidence for a link
//! (issue 18). It is weaker than an email printed on the certificate: considered only when
//! none is printed, worth half a printed exact email, and never a link on its own: the name
//! must still fit. An address that is not exactly one coach's roster email (a parent's, or
//! a family address shared by two coaches) adds nothing. The reason then says "sent from
//! the coach's roster email". Pure, like the rest of matching.

use std::collections::HashSet;

use super::normalize;
use super::score::{self, Comparison, RecordName};
use super::{Match, Matcher, Record};

/// Evidence (in bits) that the sender is the coach's own roster email: half of a printed
/// exact email (6 bits), as a parent or a club address may send for a coach.
const SENDER_WEIGHT: f64 = 3.0;

impl Matcher {
    /// Links a certificate `record` that came by mail from `sender`: as [`Matcher::link`],
    /// plus the sender's address when the certificate prints no email and the address is
    /// exactly one roster coach's email.
    pub fn link_with_sender(&self, record: &Record, sender: Option<&str>) -> Match {
        let owner = match (&record.email, sender.and_then(normalize::normalize_email)) {
            (None, Some(sender)) => self.sole_owner(&sender),
            _ => None,
        };
        let Some((owner_id, owner_positions)) = owner else {
            return self.link(record);
        };
        let name = RecordName::new(&record.name, None, &self.nicknames);
        let mut positions = self.index.candidates(&name);
        positions.extend(
            owner_positions
                .iter()
                .filter_map(|p| u32::try_from(*p).ok()),
        );
        positions.sort_unstable();
        positions.dedup();
        let mut scored: Vec<(usize, Comparison)> = positions
            .into_iter()
            .filter_map(|position| {
                let position = position as usize;
                let prepared = self.prepared.get(position)?;
                let mut comparison = score::compare(&name, prepared, &self.nicknames);
                if owner_positions.contains(&position) {
                    comparison.weight += SENDER_WEIGHT;
                }
                Some((position, comparison))
            })
            .collect();
        // The same order as `link`: best first, ties by roster id, then roster order; an
        // id on several rows counts once.
        scored.sort_by(|(a_position, a), (b_position, b)| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| self.id_rank(*a_position).cmp(&self.id_rank(*b_position)))
                .then_with(|| a_position.cmp(b_position))
        });
        let mut seen = HashSet::new();
        scored.retain(|(position, _)| seen.insert(self.id_rank(*position)));
        let mut found = self.decide(record, &name, &scored);
        if found.roster_id.as_deref() == Some(owner_id.as_str()) {
            found
                .reason
                .push_str("; sent from the coach's roster email");
        }
        found
    }

    /// The one roster id whose email is `address`, with its rows; `None` when nobody or
    /// several people use it.
    fn sole_owner(&self, address: &str) -> Option<(String, Vec<usize>)> {
        let positions: Vec<usize> = self
            .prepared
            .iter()
            .enumerate()
            .filter(|(_, entry)| entry.email.as_deref() == Some(address))
            .map(|(position, _)| position)
            .collect();
        let ids: HashSet<&str> = positions.iter().map(|p| self.entry_id(*p)).collect();
        if ids.len() != 1 {
            return None;
        }
        let id = ids.into_iter().next()?.to_owned();
        Some((id, positions))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{MatchStatus, Nicknames, RosterEntry};
    use super::*;

    fn entry(id: &str, first: &str, last: &str, email: &str) -> RosterEntry {
        RosterEntry {
            id: id.into(),
            first_name: first.into(),
            last_name: last.into(),
            email: Some(email.into()),
        }
    }

    fn matcher() -> Matcher {
        Matcher::new(
            vec![
                entry("CS-1", "Kevin", "Ortiz", "kevin.ortiz@example.org"),
                entry("CS-2", "Kevin", "Ortiz", "k.ortiz.soccer@example.org"),
                entry("CS-3", "Maria", "Lopez", "lopez.family@example.org"),
                entry("CS-4", "Jorge", "Lopez", "lopez.family@example.org"),
                entry("CS-5", "Robert", "Chen", "bchen@example.org"),
            ],
            Nicknames::builtin(),
        )
    }

    fn record(name: &str) -> Record {
        Record {
            id: "mail.eml#cert.pdf".into(),
            name: name.into(),
            email: None,
        }
    }

    #[test]
    fn the_coachs_own_address_settles_two_namesakes() {
        let matcher = matcher();
        assert_eq!(
            matcher.link(&record("Kevin Ortiz")).status,
            MatchStatus::Ambiguous
        );
        let found =
            matcher.link_with_sender(&record("Kevin Ortiz"), Some("K.Ortiz.Soccer@example.org"));
        assert_eq!(found.status, MatchStatus::Matched);
        assert_eq!(found.roster_id.as_deref(), Some("CS-2"));
        assert!(
            found.reason.ends_with("sent from the coach's roster email"),
            "{}",
            found.reason
        );
    }

    #[test]
    fn a_shared_family_address_or_a_parent_adds_nothing() {
        let matcher = matcher();
        for sender in ["lopez.family@example.org", "grandma@example.org"] {
            let found = matcher.link_with_sender(&record("M. Lopez"), Some(sender));
            assert_eq!(found, matcher.link(&record("M. Lopez")), "{sender}");
            assert!(!found.reason.contains("sent from"));
        }
    }

    #[test]
    fn the_sender_never_links_a_different_name() {
        let matcher = matcher();
        let found = matcher.link_with_sender(&record("Dana Whitfield"), Some("bchen@example.org"));
        assert_eq!(found.status, MatchStatus::Unmatched);
    }

    #[test]
    fn a_printed_email_wins_over_the_sender() {
        let matcher = matcher();
        let printed = Record {
            email: Some("kevin.ortiz@example.org".into()),
            ..record("Kevin Ortiz")
        };
        let found = matcher.link_with_sender(&printed, Some("k.ortiz.soccer@example.org"));
        assert_eq!(found.roster_id.as_deref(), Some("CS-1"));
        assert_eq!(found, matcher.link(&printed));
    }
}
