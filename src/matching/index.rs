//! index: blocking keys, so a record is compared only with roster entries that could fit.
//! A key pairs one name part with a coarse form of the other (surname + first initial,
//! surname + nickname group, first name or nickname group + the surname's first two
//! letters, a phonetic surname + first initial, the first initial + the surname with one
//! character deleted, the surname alone for entries without a given name) or is the
//! normalised email. Every reading of a record's name (any token as first name, any as
//! surname) produces keys, so swapped order, nicknames, initials, double surnames, a typo
//! anywhere in the surname and typos in both names all find their entry.
//! Keys are 64-bit FNV-1a hashes: a collision only adds a candidate, never loses one.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::score::{EntryName, RecordName};

/// Key kinds, hashed in front of the key's parts.
const SURNAME_INITIAL: u8 = 1;
const SURNAME_GROUP: u8 = 2;
const FIRST_SURNAME_INITIAL: u8 = 3;
const GROUP_SURNAME_INITIAL: u8 = 4;
const PHONETIC_INITIAL: u8 = 5;
const EMAIL: u8 = 6;
const INITIAL_SURNAME_DELETION: u8 = 7;
const SURNAME_ALONE: u8 = 8;

/// Longest surname (in characters) given deletion keys; longer ones rely on the others.
const MAX_DELETION_LEN: usize = 24;

/// Hashes a key that is already a hash: one multiply spreads its bits over the table
/// (SipHash on every lookup cost more than the lookups' own work).
#[derive(Clone, Copy, Debug, Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (value ^ (value >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// Blocking keys → roster entry positions, stored flat: one sorted run of positions per
/// key, so building the index allocates once rather than once per block.
#[derive(Debug, Default)]
pub(crate) struct Index {
    /// Key → (start, length) of its run in `positions`.
    blocks: HashMap<u64, (usize, usize), BuildHasherDefault<KeyHasher>>,
    positions: Vec<u32>,
}

impl Index {
    /// Indexes prepared entries by position.
    pub fn new(entries: &[EntryName]) -> Self {
        let mut pairs: Vec<(u64, u32)> = Vec::new();
        let mut keys = Vec::new();
        for (position, entry) in entries.iter().enumerate() {
            let Ok(position) = u32::try_from(position) else {
                break;
            };
            keys.clear();
            entry_keys(entry, &mut keys);
            keys.sort_unstable();
            keys.dedup();
            pairs.extend(keys.iter().map(|key| (*key, position)));
        }
        pairs.sort_unstable();
        let runs = pairs.chunk_by(|a, b| a.0 == b.0);
        let mut blocks =
            HashMap::with_capacity_and_hasher(runs.clone().count(), Default::default());
        let mut positions = Vec::with_capacity(pairs.len());
        for run in runs {
            if let Some((key, _)) = run.first() {
                blocks.insert(*key, (positions.len(), run.len()));
                positions.extend(run.iter().map(|(_, position)| *position));
            }
        }
        Index { blocks, positions }
    }

    /// The positions of entries sharing at least one key with the record, sorted.
    pub fn candidates(&self, record: &RecordName) -> Vec<u32> {
        let mut keys = Vec::new();
        record_keys(record, &mut keys);
        keys.sort_unstable();
        keys.dedup();
        let mut found = Vec::new();
        for key in keys {
            if let Some(&(start, length)) = self.blocks.get(&key) {
                if let Some(block) = self.positions.get(start..start + length) {
                    found.extend_from_slice(block);
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
/// Separates a key's parts, so `ab`+`c` ≠ `a`+`bc` (never a byte of UTF-8 text).
const SEPARATOR: u8 = 0xff;

/// Feeds bytes into a 64-bit FNV-1a state.
fn feed(mut state: u64, bytes: &[u8]) -> u64 {
    for byte in bytes {
        state ^= u64::from(*byte);
        state = state.wrapping_mul(FNV_PRIME);
    }
    state
}

/// 64-bit FNV-1a over the kind and the parts, each part followed by a separator.
fn hash(kind: u8, parts: &[&[u8]]) -> u64 {
    let mut state = feed(FNV_OFFSET, &[kind]);
    for part in parts {
        state = feed(feed(state, part), &[SEPARATOR]);
    }
    state
}

/// The first two characters of a surname (for first-name keys: a typo later in the
/// surname keeps them; one in the first two letters is left to the phonetic key).
fn prefix(token: &str) -> [u8; 8] {
    let mut buffer = [0u8; 8];
    let mut at = 0;
    for character in token.chars().take(2) {
        if let Some(slot) = buffer.get_mut(at..at + 4) {
            character.encode_utf8(slot);
        }
        at += 4;
    }
    buffer
}

fn initial(token: &str) -> [u8; 4] {
    let mut buffer = [0u8; 4];
    if let Some(first) = token.chars().next() {
        first.encode_utf8(&mut buffer);
    }
    buffer
}

fn entry_keys(entry: &EntryName, keys: &mut Vec<u64>) {
    let mut surnames: Vec<&str> = entry.last_core.iter().map(String::as_str).collect();
    surnames.push(&entry.last_compact);
    surnames.push(&entry.last_core_compact);
    let groups: Vec<u32> = entry
        .first_token_groups
        .iter()
        .chain(&entry.first_compact_groups)
        .copied()
        .collect();
    surnames.sort_unstable();
    surnames.dedup();
    for surname in &surnames {
        if surname.is_empty() {
            continue;
        }
        // An entry with no given name is found by its surname alone.
        if entry.first.is_empty() {
            keys.push(hash(SURNAME_ALONE, &[surname.as_bytes()]));
        }
        for first in &entry.first {
            keys.push(hash(
                SURNAME_INITIAL,
                &[surname.as_bytes(), &initial(first)],
            ));
            keys.push(hash(
                PHONETIC_INITIAL,
                &[&phonetic(surname), &initial(first)],
            ));
            deletion_keys(surname, &initial(first), keys);
        }
        for group in &groups {
            keys.push(hash(
                SURNAME_GROUP,
                &[surname.as_bytes(), &group.to_le_bytes()],
            ));
        }
        let surname_initial = prefix(surname);
        if let Some(first) = entry.first.first() {
            keys.push(hash(
                FIRST_SURNAME_INITIAL,
                &[first.as_bytes(), &surname_initial],
            ));
        }
        keys.push(hash(
            FIRST_SURNAME_INITIAL,
            &[entry.first_compact.as_bytes(), &surname_initial],
        ));
        for group in &groups {
            keys.push(hash(
                GROUP_SURNAME_INITIAL,
                &[&group.to_le_bytes(), &surname_initial],
            ));
        }
    }
    if let Some(email) = &entry.email {
        keys.push(hash(EMAIL, &[email.as_bytes()]));
    }
}

fn record_keys(record: &RecordName, keys: &mut Vec<u64>) {
    let tokens = record.tokens();
    let count = tokens.len();
    // Surname candidates: each token, and runs of two or three tokens joined
    // (`O Connor` → `oconnor`, `de la Cruz` → `delacruz`).
    let mut surnames: Vec<(usize, usize, String)> = Vec::new();
    for start in 0..count {
        for end in start + 1..=(start + 3).min(count) {
            if let Some(run) = tokens.get(start..end) {
                surnames.push((start, end, run.concat()));
            }
        }
    }
    for (_, _, surname) in &surnames {
        keys.push(hash(SURNAME_ALONE, &[surname.as_bytes()]));
    }
    for (first_position, first) in tokens.iter().enumerate() {
        let groups = record.token_groups(first_position);
        for (start, end, surname) in &surnames {
            if (*start..*end).contains(&first_position) {
                continue;
            }
            let surname_bytes = surname.as_bytes();
            keys.push(hash(SURNAME_INITIAL, &[surname_bytes, &initial(first)]));
            keys.push(hash(
                PHONETIC_INITIAL,
                &[&phonetic(surname), &initial(first)],
            ));
            // Deletion keys for single tokens only: a slip inside a particle run is rare,
            // and each run would add a dozen lookups.
            if end - start == 1 {
                deletion_keys(surname, &initial(first), keys);
            }
            for group in groups {
                keys.push(hash(SURNAME_GROUP, &[surname_bytes, &group.to_le_bytes()]));
            }
            if end - start == 1 {
                let surname_initial = prefix(surname);
                keys.push(hash(
                    FIRST_SURNAME_INITIAL,
                    &[first.as_bytes(), &surname_initial],
                ));
                for group in groups {
                    keys.push(hash(
                        GROUP_SURNAME_INITIAL,
                        &[&group.to_le_bytes(), &surname_initial],
                    ));
                }
            }
        }
    }
    // Multi-token given names (`María Teresa`) and their nickname groups.
    for start in 0..count {
        for end in start + 2..=(start + 3).min(count) {
            let Some(run) = tokens.get(start..end) else {
                continue;
            };
            let given = run.concat();
            for (surname_position, surname) in tokens.iter().enumerate() {
                if (start..end).contains(&surname_position) {
                    continue;
                }
                keys.push(hash(
                    FIRST_SURNAME_INITIAL,
                    &[given.as_bytes(), &prefix(surname)],
                ));
            }
        }
    }
    if let Some(email) = &record.email {
        keys.push(hash(EMAIL, &[email.as_bytes()]));
    }
}

/// Keys pairing a first initial with the surname minus one of its characters (a
/// deletion neighbourhood): two surnames one insertion, deletion, substitution or adjacent
/// transposition apart always share one (`Webb` / `Wbeb` share `wbb`), wherever the slip
/// is, so a typo in the first letters of a surname, even with another in the given name,
/// still finds its entry.
fn deletion_keys(surname: &str, initial: &[u8], keys: &mut Vec<u64>) {
    let length = surname.chars().count();
    if !(3..=MAX_DELETION_LEN).contains(&length) {
        return;
    }
    keys.push(hash(
        INITIAL_SURNAME_DELETION,
        &[initial, surname.as_bytes()],
    ));
    // Same as `hash(INITIAL_SURNAME_DELETION, &[initial, variant])`, without building each
    // variant: the state after the common prefix is carried forward.
    let bytes = surname.as_bytes();
    let mut prefix_state = feed(feed(FNV_OFFSET, &[INITIAL_SURNAME_DELETION]), initial);
    prefix_state = feed(prefix_state, &[SEPARATOR]);
    let mut done = 0;
    for (at, removed) in surname.char_indices() {
        prefix_state = feed(prefix_state, bytes.get(done..at).unwrap_or(&[]));
        done = at;
        let rest = bytes.get(at + removed.len_utf8()..).unwrap_or(&[]);
        keys.push(feed(feed(prefix_state, rest), &[SEPARATOR]));
    }
}

/// A coarse sound key of a folded surname (American Soundex, four characters), so that a
/// typo which keeps the sound (`Smith`/`Smyth`, `Nunez`/`Nunes`) keeps the key.
pub(crate) fn phonetic(name: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(4);
    let mut previous = 0u8;
    for (position, character) in name.chars().enumerate() {
        let code = match character {
            'b' | 'f' | 'p' | 'v' => b'1',
            'c' | 'g' | 'j' | 'k' | 'q' | 's' | 'x' | 'z' => b'2',
            'd' | 't' => b'3',
            'l' => b'4',
            'm' | 'n' => b'5',
            'r' => b'6',
            'h' | 'w' if position > 0 => continue,
            _ => 0,
        };
        if position == 0 {
            let mut buffer = [0u8; 4];
            key.extend_from_slice(character.encode_utf8(&mut buffer).as_bytes());
        } else if code != 0 && code != previous {
            key.push(code);
        }
        previous = code;
        if key.len() >= 4 {
            break;
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sound_keys_survive_sound_alike_typos() {
        assert_eq!(phonetic("smith"), phonetic("smyth"));
        assert_eq!(phonetic("nunez"), phonetic("nunes"));
        assert_eq!(phonetic("robert"), phonetic("rupert"));
        assert_ne!(phonetic("smith"), phonetic("jones"));
    }

    #[test]
    fn deletion_keys_hash_each_variant() {
        let mut keys = Vec::new();
        deletion_keys("núñez", b"j", &mut keys);
        let expected: Vec<u64> = ["núñez", "úñez", "nñez", "núez", "núñz", "núñe"]
            .iter()
            .map(|v| hash(INITIAL_SURNAME_DELETION, &[b"j", v.as_bytes()]))
            .collect();
        assert_eq!(keys, expected);
    }

    fn deletions(surname: &str) -> Vec<u64> {
        let mut keys = Vec::new();
        deletion_keys(surname, b"a", &mut keys);
        keys
    }

    #[test]
    fn one_slip_anywhere_in_a_surname_keeps_a_deletion_key() {
        let shares = |a: &str, b: &str| deletions(a).iter().any(|k| deletions(b).contains(k));
        assert!(shares("webb", "wbeb"), "transposition at the front");
        assert!(shares("millar", "mlilar"));
        assert!(shares("fleet", "feet"), "deletion");
        assert!(shares("tow", "tqow"), "insertion");
        assert!(shares("parr", "pirr"), "substitution");
        assert!(!shares("smith", "jones"));
        assert!(deletions("li").is_empty(), "too short to key");
    }
}
