//! merge: turns the roster rows of every file into one [`Coach`] per person (SPEC §4). Pure.
//!
//! Rows are taken in order (files as given, rows as read). A row joins an earlier coach with
//! the same member id; else the same email, if the given names agree (equal, or one a prefix
//! or initial of the other: a family's shared email does not make two people one coach, but a
//! new family name does not split one); else the same name key (case, accents, spacing,
//! punctuation, middle initials and suffixes ignored) when neither side's email or member id
//! conflicts (a generational suffix is part of the name, and rows sharing an email but not
//! a suffix are a father and a son). Otherwise it starts a new coach, so two people who share a name but not an email
//! stay two coaches. Nicknames (`Bob`/`Robert`) sharing an email stay apart: splitting one
//! person shows up as a coach with nothing on file, merging two would hide one's gaps.
//!
//! - Teams: a second row of the same person on the same team (same team name and division,
//!   case- and accent-insensitive) is `duplicate_roster_entry` and counted once; if the two
//!   rows give different roles, the one with more requirements is kept (coach over manager
//!   over other), so a duplicate never hides a check.
//! - Background check: a denied check on any row wins (it must never be hidden by another
//!   row); else the cleared check with the latest date (done or expiry; a dated check beats
//!   an undated one); else pending; else expired; else missing.
//! - Id: the first member id among the person's rows, else a slug `first-last`; ids taken
//!   already get `-2`, `-3`, … in first-seen order.
//! - Name and email: the first row's name, the first email any row gives.

use std::collections::{HashMap, HashSet};

use crate::findings::{Code, Finding};
use crate::roster::names::{fold, generational_suffix, name_key, slug};
use crate::roster::{
    BackgroundCheck, BackgroundStatus, Coach, CsvFile, CsvKind, Role, Roster, RosterRow,
    TeamAssignment, TrainingRecord,
};

/// A coach being assembled.
struct Draft {
    first_name: String,
    last_name: String,
    email: Option<String>,
    member_id: Option<String>,
    teams: Vec<TeamAssignment>,
    background: BackgroundCheck,
    training_records: Vec<TrainingRecord>,
}

impl Draft {
    fn new(row: &RosterRow) -> Draft {
        Draft {
            first_name: row.first_name.clone(),
            last_name: row.last_name.clone(),
            email: row.email.clone(),
            member_id: row.member_id.clone(),
            teams: Vec::new(),
            background: row.background.clone(),
            training_records: Vec::new(),
        }
    }

    /// Whether `row`, which shares this coach's email, is the same person: the given names
    /// agree (equal, or one a prefix or initial of the other: `Rob`/`Robert`, `J.`/`John`).
    /// Two people of one family often share an email; they must not become one coach.
    /// A father and a son sharing the family email (`Jr.` / `Sr.` or no suffix) are two.
    fn same_given_name(&self, row: &RosterRow) -> bool {
        let (a, b) = (given_key(&self.first_name), given_key(&row.first_name));
        (a.starts_with(&b) || b.starts_with(&a))
            && generational_suffix(&self.last_name) == generational_suffix(&row.last_name)
    }

    /// Whether `row` may be the same person by name: no conflicting email or member id.
    fn compatible(&self, row: &RosterRow) -> bool {
        let differ =
            |a: &Option<String>, b: &Option<String>| matches!((a, b), (Some(a), Some(b)) if a != b);
        !differ(&self.email, &row.email) && !differ(&self.member_id, &row.member_id)
    }
}

/// The first given name, folded, letters and digits only (`María José` → `maria`).
fn given_key(first_name: &str) -> String {
    let folded = fold(first_name);
    folded
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The coaches with one name key: almost always one, so no allocation for it.
enum SameName {
    One(usize),
    Many(Vec<usize>),
}

impl SameName {
    fn as_slice(&self) -> &[usize] {
        match self {
            SameName::One(index) => std::slice::from_ref(index),
            SameName::Many(list) => list,
        }
    }

    fn add(&mut self, index: usize) {
        if self.as_slice().contains(&index) {
            return;
        }
        match self {
            SameName::One(first) => *self = SameName::Many(vec![*first, index]),
            SameName::Many(list) => list.push(index),
        }
    }
}

/// Team names or divisions equal but for case, accents and surrounding space.
fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        fold(a) == fold(b)
    }
}

/// How many requirements a role carries (SPEC §6): coaches all, managers some.
fn demand(role: Role) -> u8 {
    match role {
        Role::HeadCoach | Role::AssistantCoach => 2,
        Role::TeamManager => 1,
        Role::Other => 0,
    }
}

/// The more favourable of two checks of one person (see module doc).
fn better_check(current: &BackgroundCheck, candidate: &BackgroundCheck) -> bool {
    use BackgroundStatus::{Cleared, Denied, Expired, Missing, Pending};
    let rank = |status: BackgroundStatus| match status {
        Denied => 4,
        Cleared => 3,
        Pending => 2,
        Expired => 1,
        Missing => 0,
    };
    let (new, old) = (rank(candidate.status), rank(current.status));
    if new != old {
        return new > old;
    }
    if candidate.status == Cleared {
        let latest = |check: &BackgroundCheck| check.checked_on.max(check.expires_on);
        return latest(candidate) > latest(current);
    }
    false
}

/// Builds the roster; see the module doc. Returns the findings of the roster files (with the
/// coach id set on findings about a loaded row) followed by `duplicate_roster_entry` findings.
pub fn build(files: &[CsvFile]) -> (Roster, Vec<Finding>) {
    let total_rows: usize = files
        .iter()
        .filter(|f| f.kind == CsvKind::Roster)
        .map(|f| f.roster_rows.len())
        .sum();
    let mut drafts: Vec<Draft> = Vec::with_capacity(total_rows);
    let mut by_member_id: HashMap<&str, usize> = HashMap::new();
    let mut by_email: HashMap<&str, usize> = HashMap::with_capacity(total_rows);
    let mut by_name: HashMap<String, SameName> = HashMap::with_capacity(total_rows);
    // Lines with a finding, per file, and (file index, line) → draft for those lines only,
    // to attach coach ids to row findings.
    let finding_lines: Vec<HashSet<u64>> = files
        .iter()
        .map(|f| {
            f.findings
                .iter()
                .filter_map(|finding| finding.line)
                .collect()
        })
        .collect();
    let mut row_owner: HashMap<(usize, u64), usize> = HashMap::new();
    // (draft, message, file, line) of duplicates; coach ids are known only at the end.
    let mut duplicates: Vec<(usize, String, String, String, u64)> = Vec::new();

    let roster_files = files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == CsvKind::Roster);
    for (file_index, file) in roster_files.clone() {
        for row in &file.roster_rows {
            let key = name_key(&row.first_name, &row.last_name);
            let found = row
                .member_id
                .as_ref()
                .and_then(|id| by_member_id.get(id.as_str()).copied())
                .or_else(|| {
                    row.email
                        .as_ref()
                        .and_then(|e| by_email.get(e.as_str()).copied())
                        .filter(|index| drafts.get(*index).is_some_and(|d| d.same_given_name(row)))
                })
                .or_else(|| {
                    by_name.get(&key).and_then(|candidates| {
                        candidates
                            .as_slice()
                            .iter()
                            .copied()
                            .find(|index| drafts.get(*index).is_some_and(|d| d.compatible(row)))
                    })
                });
            let index = match found {
                Some(index) => index,
                None => {
                    drafts.push(Draft::new(row));
                    drafts.len() - 1
                }
            };
            let Some(draft) = drafts.get_mut(index) else {
                continue;
            };
            if found.is_some() {
                if draft.email.is_none() {
                    draft.email.clone_from(&row.email);
                }
                if draft.member_id.is_none() {
                    draft.member_id.clone_from(&row.member_id);
                }
                if better_check(&draft.background, &row.background) {
                    draft.background = row.background.clone();
                }
            }
            for record in &row.training_records {
                if !draft
                    .training_records
                    .iter()
                    .any(|known| known.same_content(record))
                {
                    draft.training_records.push(record.clone());
                }
            }
            if let Some(id) = &row.member_id {
                by_member_id.entry(id.as_str()).or_insert(index);
            }
            if let Some(email) = &row.email {
                by_email.entry(email.as_str()).or_insert(index);
            }
            if !key.is_empty() {
                by_name
                    .entry(key)
                    .and_modify(|same| same.add(index))
                    .or_insert(SameName::One(index));
            }
            if finding_lines
                .get(file_index)
                .is_some_and(|lines| lines.contains(&row.source.line))
            {
                row_owner.insert((file_index, row.source.line), index);
            }

            let existing = draft.teams.iter_mut().find(|assignment| {
                same_text(&assignment.team, &row.team)
                    && same_text(&assignment.division, &row.division)
            });
            match existing {
                Some(first) => {
                    let named = !row.team.trim().is_empty() || !row.division.trim().is_empty();
                    if named {
                        let mut message = format!(
                            "{} is listed twice on team {}: line {} of {} and line {} of {}; counted once",
                            display_name(&row.first_name, &row.last_name),
                            team_label(&row.team, &row.division),
                            first.source.line,
                            first.source.file,
                            row.source.line,
                            row.source.file,
                        );
                        if first.role != row.role {
                            message.push_str(&format!(
                                " (roles {} and {}; the stricter is used)",
                                first.role.as_str(),
                                row.role.as_str()
                            ));
                        }
                        duplicates.push((
                            index,
                            message,
                            format!(
                                "Remove the duplicate row (line {} of {}) from the roster, or ask the registrar to re-export",
                                row.source.line, row.source.file
                            ),
                            row.source.file.clone(),
                            row.source.line,
                        ));
                    }
                    if demand(row.role) > demand(first.role) {
                        first.role = row.role;
                    }
                }
                None => {
                    draft.teams.push(TeamAssignment {
                        team: row.team.clone(),
                        division: row.division.clone(),
                        age_group: row.age_group,
                        role: row.role,
                        source: row.source.clone(),
                    });
                }
            }
        }
    }

    let ids = assign_ids(&drafts);

    let mut findings = Vec::new();
    for (file_index, file) in roster_files {
        for finding in &file.findings {
            let mut finding = finding.clone();
            if finding.coach_id.is_none() {
                let owner = finding
                    .line
                    .and_then(|line| row_owner.get(&(file_index, line)))
                    .and_then(|index| ids.get(*index));
                if let Some(id) = owner {
                    finding.coach_id = Some(id.clone());
                }
            }
            findings.push(finding);
        }
    }
    for (index, message, action, file, line) in duplicates {
        let mut finding = Finding::new(Code::DuplicateRosterEntry, message, action).at(file, line);
        if let Some(id) = ids.get(index) {
            finding = finding.coach(id.clone());
        }
        findings.push(finding);
    }

    let coaches = drafts
        .into_iter()
        .zip(ids)
        .map(|(draft, id)| Coach {
            id,
            first_name: draft.first_name,
            last_name: draft.last_name,
            email: draft.email,
            teams: draft.teams,
            background: draft.background,
            training_records: draft.training_records,
        })
        .collect();
    (Roster { coaches }, findings)
}

/// Coach ids in first-seen order: the member id, else the name slug; an id already given to
/// an earlier coach gets `-2`, `-3`, … (skipping any id another coach has as its own).
fn assign_ids(drafts: &[Draft]) -> Vec<String> {
    let bases: Vec<String> = drafts
        .iter()
        .map(|draft| {
            draft
                .member_id
                .clone()
                .unwrap_or_else(|| slug(&draft.first_name, &draft.last_name))
        })
        .collect();
    let suffixed: Vec<Option<String>> = {
        let taken: HashSet<&str> = bases.iter().map(String::as_str).collect();
        let mut given: HashSet<&str> = HashSet::with_capacity(bases.len());
        let mut given_suffixed: HashSet<String> = HashSet::new();
        bases
            .iter()
            .map(|base| {
                if given.insert(base.as_str()) {
                    return None;
                }
                let mut suffix = 2u64;
                loop {
                    let id = format!("{base}-{suffix}");
                    if !taken.contains(id.as_str()) && !given_suffixed.contains(&id) {
                        given_suffixed.insert(id.clone());
                        return Some(id);
                    }
                    suffix += 1;
                }
            })
            .collect()
    };
    bases
        .into_iter()
        .zip(suffixed)
        .map(|(base, suffixed)| suffixed.unwrap_or(base))
        .collect()
}

fn display_name(first: &str, last: &str) -> String {
    format!("{first} {last}").trim().to_string()
}

fn team_label(team: &str, division: &str) -> String {
    match (team.is_empty(), division.is_empty()) {
        (false, false) => format!("{team} ({division})"),
        (false, true) => team.to_string(),
        _ => division.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::SourcePosition;
    use chrono::NaiveDate;

    fn row(first: &str, last: &str, email: Option<&str>, team: &str, line: u64) -> RosterRow {
        RosterRow {
            source: SourcePosition {
                file: "roster.csv".to_string(),
                line,
            },
            member_id: None,
            first_name: first.to_string(),
            last_name: last.to_string(),
            email: email.map(str::to_string),
            team: team.to_string(),
            division: String::new(),
            age_group: None,
            role: Role::HeadCoach,
            background: BackgroundCheck::missing(),
            training_records: Vec::new(),
        }
    }

    fn file(rows: Vec<RosterRow>) -> CsvFile {
        CsvFile {
            file: "roster.csv".to_string(),
            kind: CsvKind::Roster,
            encoding: "UTF-8".to_string(),
            delimiter: ',',
            columns: Vec::new(),
            rows: rows.len(),
            roster_rows: rows,
            background_rows: Vec::new(),
            findings: Vec::new(),
            notes: Vec::new(),
            sheet: None,
            header_row: Some(1),
        }
    }

    fn check(status: BackgroundStatus, checked: Option<(i32, u32, u32)>) -> BackgroundCheck {
        BackgroundCheck {
            status,
            raw: None,
            checked_on: checked.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            expires_on: None,
            source: None,
        }
    }

    #[test]
    fn one_person_on_two_teams_is_one_coach() {
        let (roster, findings) = build(&[file(vec![
            row("José", "Álvarez", Some("j@x.org"), "B10-01", 2),
            row("Jose", "Alvarez", None, "B12-01", 3),
            row("J.", "Alvarez", Some("j@x.org"), "G08-01", 4),
        ])]);
        assert!(findings.is_empty());
        assert_eq!(roster.coaches.len(), 1);
        let coach = &roster.coaches[0];
        assert_eq!(coach.id, "jose-alvarez");
        let teams: Vec<&str> = coach.teams.iter().map(|t| t.team.as_str()).collect();
        assert_eq!(teams, ["B10-01", "B12-01", "G08-01"]);
    }

    #[test]
    fn namesakes_with_different_emails_stay_two_coaches() {
        let (roster, _) = build(&[file(vec![
            row("John", "Smith", Some("john1@x.org"), "B10-01", 2),
            row("John", "Smith", Some("john2@y.org"), "G10-01", 3),
            row("John", "Smith", None, "B12-01", 4),
        ])]);
        let ids: Vec<&str> = roster.coaches.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["john-smith", "john-smith-2"]);
        assert_eq!(roster.coaches[0].teams.len(), 2);
    }

    #[test]
    fn suffixes_never_take_another_coachs_id() {
        let (roster, _) = build(&[file(vec![
            row("John", "Smith", Some("a@x.org"), "T1", 2),
            row("John", "Smith", Some("b@x.org"), "T2", 3),
            row("John", "Smith 2", Some("c@x.org"), "T3", 4),
            row("John", "Smith", Some("d@x.org"), "T4", 5),
        ])]);
        let ids: Vec<&str> = roster.coaches.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            ["john-smith", "john-smith-3", "john-smith-2", "john-smith-4"]
        );
    }

    #[test]
    fn a_shared_family_email_does_not_merge_two_people() {
        let (roster, _) = build(&[file(vec![
            row("Jane", "Smith", Some("smiths@x.org"), "G10-01", 2),
            row("John", "Smith", Some("smiths@x.org"), "B12-01", 3),
            row("Jane", "Smith-Lee", Some("smiths@x.org"), "G12-01", 4),
            row("J.", "Smith", Some("smiths@x.org"), "G08-01", 5),
            row("John", "Smith", Some("smiths@x.org"), "B10-01", 6),
        ])]);
        let coaches: Vec<(&str, usize)> = roster
            .coaches
            .iter()
            .map(|c| (c.id.as_str(), c.teams.len()))
            .collect();
        // Jane keeps her teams (a new family name, an initial); John's rows join by name.
        assert_eq!(coaches, [("jane-smith", 3), ("john-smith", 2)]);
    }

    #[test]
    fn a_father_and_a_son_are_two_coaches_named_as_the_roster_writes_them() {
        let (roster, _) = build(&[file(vec![
            row(
                "Darnell",
                "Jefferson Jr.",
                Some("jeffersons@x.org"),
                "B10-01",
                2,
            ),
            row(
                "Darnell",
                "Jefferson",
                Some("jeffersons@x.org"),
                "B12-01",
                3,
            ),
            row("Darnell", "Jefferson Sr.", None, "B14-01", 4),
            row("Darnell", "Jefferson Jr.", None, "B08-01", 5),
        ])]);
        let coaches: Vec<(&str, String, usize)> = roster
            .coaches
            .iter()
            .map(|c| (c.id.as_str(), c.full_name(), c.teams.len()))
            .collect();
        assert_eq!(
            coaches,
            [
                (
                    "darnell-jefferson-jr",
                    "Darnell Jefferson Jr.".to_string(),
                    2
                ),
                ("darnell-jefferson", "Darnell Jefferson".to_string(), 1),
                (
                    "darnell-jefferson-sr",
                    "Darnell Jefferson Sr.".to_string(),
                    1
                ),
            ]
        );
    }

    #[test]
    fn member_ids_join_rows_and_become_the_id() {
        let mut first = row("Bob", "Stone", Some("bob@x.org"), "B10-01", 2);
        first.member_id = Some("CS-1".to_string());
        let mut second = row("Robert", "Stone", Some("rstone@y.org"), "B12-01", 3);
        second.member_id = Some("CS-1".to_string());
        let (roster, _) = build(&[file(vec![first, second])]);
        assert_eq!(roster.coaches.len(), 1);
        assert_eq!(roster.coaches[0].id, "CS-1");
        assert_eq!(roster.coaches[0].email.as_deref(), Some("bob@x.org"));
    }

    #[test]
    fn the_same_team_twice_is_a_duplicate_counted_once() {
        let mut manager = row("Ana", "Ruiz", Some("ana@x.org"), "G10-02", 3);
        manager.role = Role::TeamManager;
        let mut coach = row("Ana", "Ruiz", Some("ana@x.org"), "g10-02", 7);
        coach.role = Role::AssistantCoach;
        let (roster, findings) = build(&[file(vec![manager, coach])]);
        assert_eq!(roster.coaches[0].teams.len(), 1);
        assert_eq!(roster.coaches[0].teams[0].role, Role::AssistantCoach);
        assert_eq!(findings.len(), 1);
        let finding = &findings[0];
        assert_eq!(finding.code, Code::DuplicateRosterEntry);
        assert_eq!(finding.line, Some(7));
        assert_eq!(finding.coach_id.as_deref(), Some("ana-ruiz"));
        assert!(finding.message.contains("line 3") && finding.message.contains("line 7"));
    }

    #[test]
    fn denied_is_never_hidden_and_the_latest_clearance_wins() {
        use BackgroundStatus::{Cleared, Denied, Expired, Pending};
        let cases = [
            (
                vec![check(Cleared, None), check(Denied, None)],
                check(Denied, None),
            ),
            (
                vec![check(Expired, None), check(Pending, None)],
                check(Pending, None),
            ),
            (
                vec![
                    check(Cleared, Some((2020, 1, 1))),
                    check(Cleared, Some((2024, 5, 1))),
                    check(Cleared, None),
                ],
                check(Cleared, Some((2024, 5, 1))),
            ),
            (
                vec![check(Expired, None), check(Cleared, None)],
                check(Cleared, None),
            ),
        ];
        for (checks, expected) in cases {
            let rows = checks
                .into_iter()
                .enumerate()
                .map(|(i, c)| {
                    let mut r = row("Kim", "Lee", None, &format!("T{i}"), i as u64 + 2);
                    r.background = c;
                    r
                })
                .collect();
            let (roster, _) = build(&[file(rows)]);
            assert_eq!(roster.coaches[0].background, expected);
        }
    }

    #[test]
    fn files_of_other_kinds_are_left_to_the_caller() {
        let mut list = file(vec![row("Kim", "Lee", None, "", 2)]);
        list.kind = CsvKind::BackgroundChecks;
        let (roster, findings) = build(&[list]);
        assert!(roster.coaches.is_empty() && findings.is_empty());
    }
}
