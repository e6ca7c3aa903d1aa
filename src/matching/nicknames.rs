//! nicknames: the given-name nickname table (Bob~Robert, Pepe~José, Maite~María Teresa),
//! with the romanisations and short forms of the league's families' languages (Arabic and
//! Persian Muhammad~Mohammed~Mo, Armenian Hovhannes~Ohannes~Hovo, Tagalog Malou~María
//! Lourdes); romanisations not in the table are left to the sound comparison in `score`.
//! The built-in groups live in `nicknames.txt` beside this file (one group per line);
//! configuration adds pairs. Two names are related when one group holds both, so the
//! relation is symmetric within a group while two formal names that merely share a
//! nickname (Christopher, Christine via Chris) stay unrelated.

use std::collections::HashMap;

use super::normalize::fold;

/// The built-in table: one group per line, names separated by commas, `#` comments.
const BUILTIN: &str = include_str!("nicknames.txt");

/// Given-name nicknames (Bob~Robert, Pepe~José...), built-in and extendable.
#[derive(Clone, Debug, Default)]
pub struct Nicknames {
    /// Compact folded name → the groups holding it (sorted, deduplicated).
    groups: HashMap<String, Vec<u32>>,
    /// How many groups exist (the next group's id).
    group_count: u32,
}

/// A name as the table keys it: folded, spaces removed (`María Teresa` → `mariateresa`).
pub(crate) fn table_key(name: &str) -> String {
    fold(name).replace(' ', "")
}

impl Nicknames {
    /// The built-in table.
    pub fn builtin() -> Self {
        let mut table = Nicknames::default();
        for line in BUILTIN.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let names: Vec<String> = line
                .split(',')
                .map(table_key)
                .filter(|n| !n.is_empty())
                .collect();
            table.add_group(&names);
        }
        table
    }

    /// An empty table (no nickname is known).
    pub fn empty() -> Self {
        Nicknames::default()
    }

    /// Adds pairs (nickname, formal name) from configuration. The nickname joins every group
    /// that holds the formal name, or forms a new group with it.
    pub fn extend<I: IntoIterator<Item = (String, String)>>(&mut self, pairs: I) {
        for (nickname, formal) in pairs {
            let nickname = table_key(&nickname);
            let formal = table_key(&formal);
            if nickname.is_empty() || formal.is_empty() || nickname == formal {
                continue;
            }
            let formal_groups = self.groups.get(&formal).cloned().unwrap_or_default();
            if formal_groups.is_empty() {
                self.add_group(&[formal, nickname]);
            } else {
                let entry = self.groups.entry(nickname).or_default();
                entry.extend(formal_groups);
                entry.sort_unstable();
                entry.dedup();
            }
        }
    }

    fn add_group(&mut self, names: &[String]) {
        if names.len() < 2 {
            return;
        }
        let id = self.group_count;
        self.group_count = self.group_count.saturating_add(1);
        for name in names {
            let entry = self.groups.entry(name.clone()).or_default();
            if entry.last() != Some(&id) {
                entry.push(id);
            }
        }
    }

    /// The groups holding a compact folded name (empty when it is in none).
    pub(crate) fn groups_of(&self, key: &str) -> &[u32] {
        self.groups.get(key).map_or(&[], Vec::as_slice)
    }

    /// Whether two names are nicknames or variants of each other (some group holds both).
    /// Names are folded first; a name is not its own nickname.
    pub fn related(&self, a: &str, b: &str) -> bool {
        let (a, b) = (table_key(a), table_key(b));
        a != b && share_group(self.groups_of(&a), self.groups_of(&b))
    }

    /// How many names the table knows.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// Whether two sorted group lists intersect.
pub(crate) fn share_group(a: &[u32], b: &[u32]) -> bool {
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_nicknames_are_known_both_ways() {
        let table = Nicknames::builtin();
        let pairs = [
            ("Bob", "Robert"),
            ("Robert", "Bobby"),
            ("Bob", "Bobby"),
            ("Liam", "William"),
            ("Peggy", "Margaret"),
            ("Betsy", "Elizabeth"),
            ("Kat", "Kathryn"),
            ("Kate", "Catherine"),
            ("Max", "Maxwell"),
            ("Max", "Maximilian"),
            ("Jen", "Jennifer"),
            ("Trish", "Patricia"),
            ("Pepe", "José"),
            ("Chuy", "Jesús"),
            ("Beto", "Roberto"),
            ("Beto", "Alberto"),
            ("Toño", "Antonio"),
            ("Maite", "María Teresa"),
            ("Charo", "Rosario"),
        ];
        for (a, b) in pairs {
            assert!(table.related(a, b), "{a} ~ {b}");
            assert!(table.related(b, a), "{b} ~ {a}");
        }
        assert!(table.len() > 300);
    }

    #[test]
    fn formal_names_sharing_a_nickname_are_not_related() {
        let table = Nicknames::builtin();
        assert!(table.related("Chris", "Christopher"));
        assert!(table.related("Chris", "Christine"));
        assert!(!table.related("Christopher", "Christine"));
        assert!(!table.related("Alberto", "Roberto"));
        assert!(!table.related("Robert", "Robert"));
        assert!(!table.related("Robert", "Michael"));
    }

    #[test]
    fn configuration_extends_the_table() {
        let mut table = Nicknames::builtin();
        assert!(!table.related("Bertito", "Robert"));
        table.extend([("Bertito".to_owned(), "Robert".to_owned())]);
        assert!(table.related("Bertito", "Robert"));
        assert!(table.related("Bertito", "Bob"));
        let mut empty = Nicknames::empty();
        empty.extend([("Zed".to_owned(), "Zedekiah".to_owned())]);
        assert!(empty.related("zed", "ZEDEKIAH"));
    }
}
