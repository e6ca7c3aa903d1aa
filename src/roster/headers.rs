//! headers: maps a CSV's header cells onto the fields coachcheck reads (SPEC §4), by synonym,
//! case-, space-, accent- and punctuation-insensitively, and finds the header row below any
//! preamble. Unknown columns are kept by the reader and ignored here.
//!
//! A header cell is tried as written (`Coach First Name`), then without a parenthesised
//! remark (`Email (primary)`), a trailing number (`Email 1`) or a leading `Coach`/`Volunteer`/
//! `Staff`/`Adult`/`Member`/`Primary` (`Volunteer Email`). Synonyms from the config come first.
//! Each field takes every column that maps to it, best synonym first: a row's value is the
//! first non-empty one (`Team Name` blank → `Team`).
//!
//! `Status` and `Date` alone are weak: they are the background-check status and date only
//! in a file with no team, division or role column (a vendor's list), because on a roster a
//! plain `Status` is usually the registration status.

use crate::roster::names::fold;

/// A field coachcheck reads from a roster or background-check list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// Given name(s).
    FirstName,
    /// Family name(s).
    LastName,
    /// Both, in one cell.
    FullName,
    /// Email address.
    Email,
    /// Team name.
    Team,
    /// Division or age group.
    Division,
    /// Role on the team.
    Role,
    /// Background-check status.
    BackgroundCheck,
    /// The date the check was done.
    BackgroundCheckDate,
    /// The date the check expires.
    BackgroundCheckExpires,
    /// Member / admin id.
    MemberId,
}

impl Field {
    /// Every field, in `columns` order.
    pub const ALL: [Field; 11] = [
        Field::FirstName,
        Field::LastName,
        Field::FullName,
        Field::Email,
        Field::Team,
        Field::Division,
        Field::Role,
        Field::BackgroundCheck,
        Field::BackgroundCheckDate,
        Field::BackgroundCheckExpires,
        Field::MemberId,
    ];

    /// The field's name in `CsvFile::columns` and in the config's `extra_headers`.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::FullName => "full_name",
            Field::Email => "email",
            Field::Team => "team",
            Field::Division => "division",
            Field::Role => "role",
            Field::BackgroundCheck => "background_check",
            Field::BackgroundCheckDate => "background_check_date",
            Field::BackgroundCheckExpires => "background_check_expires",
            Field::MemberId => "member_id",
        }
    }

    /// The field named `name` (as in [`Field::as_str`], case-insensitive).
    pub fn from_name(name: &str) -> Option<Field> {
        let wanted = name.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Field::ALL.into_iter().find(|f| f.as_str() == wanted)
    }

    fn index(self) -> usize {
        self as usize
    }

    /// Whether this field names the person.
    pub fn is_name(self) -> bool {
        matches!(self, Field::FirstName | Field::LastName | Field::FullName)
    }
}

/// Built-in synonyms, normalised (see [`normalize_header`]); earlier is preferred.
const SYNONYMS: &[(&str, Field)] = &[
    ("firstname", Field::FirstName),
    ("givenname", Field::FirstName),
    ("first", Field::FirstName),
    ("fname", Field::FirstName),
    ("legalfirstname", Field::FirstName),
    ("nombre", Field::FirstName),
    ("preferredfirstname", Field::FirstName),
    ("lastname", Field::LastName),
    ("surname", Field::LastName),
    ("familyname", Field::LastName),
    ("last", Field::LastName),
    ("lname", Field::LastName),
    ("legallastname", Field::LastName),
    ("apellido", Field::LastName),
    ("apellidos", Field::LastName),
    ("fullname", Field::FullName),
    ("name", Field::FullName),
    ("coachname", Field::FullName),
    ("coach", Field::FullName),
    ("volunteername", Field::FullName),
    ("volunteer", Field::FullName),
    ("staffname", Field::FullName),
    ("personname", Field::FullName),
    ("membername", Field::FullName),
    ("lastnamefirstname", Field::FullName),
    ("namelastfirst", Field::FullName),
    ("lastfirst", Field::FullName),
    ("nombrecompleto", Field::FullName),
    ("email", Field::Email),
    ("emailaddress", Field::Email),
    ("coachemail", Field::Email),
    ("mail", Field::Email),
    ("emailid", Field::Email),
    ("correo", Field::Email),
    ("correoelectronico", Field::Email),
    ("team", Field::Team),
    ("teamname", Field::Team),
    ("equipo", Field::Team),
    ("division", Field::Division),
    ("agegroup", Field::Division),
    ("agedivision", Field::Division),
    ("teamagegroup", Field::Division),
    ("teamdivision", Field::Division),
    ("level", Field::Division),
    ("program", Field::Division),
    ("divisionname", Field::Division),
    ("role", Field::Role),
    ("position", Field::Role),
    ("title", Field::Role),
    ("volunteerrole", Field::Role),
    ("volunteerposition", Field::Role),
    ("volunteertype", Field::Role),
    ("coachtype", Field::Role),
    ("coachrole", Field::Role),
    ("staffrole", Field::Role),
    ("teamrole", Field::Role),
    ("rol", Field::Role),
    ("backgroundcheck", Field::BackgroundCheck),
    ("backgroundcheckstatus", Field::BackgroundCheck),
    ("bgcheck", Field::BackgroundCheck),
    ("bgcheckstatus", Field::BackgroundCheck),
    ("bgstatus", Field::BackgroundCheck),
    ("riskstatus", Field::BackgroundCheck),
    ("livescan", Field::BackgroundCheck),
    ("livescanstatus", Field::BackgroundCheck),
    ("riskmanagement", Field::BackgroundCheck),
    ("riskmanagementstatus", Field::BackgroundCheck),
    ("kidsafe", Field::BackgroundCheck),
    ("backgroundscreening", Field::BackgroundCheck),
    ("screeningstatus", Field::BackgroundCheck),
    ("clearance", Field::BackgroundCheck),
    ("clearancestatus", Field::BackgroundCheck),
    ("backgroundcheckdate", Field::BackgroundCheckDate),
    ("bgdate", Field::BackgroundCheckDate),
    ("bgcheckdate", Field::BackgroundCheckDate),
    ("datecleared", Field::BackgroundCheckDate),
    ("cleareddate", Field::BackgroundCheckDate),
    ("clearancedate", Field::BackgroundCheckDate),
    ("livescandate", Field::BackgroundCheckDate),
    ("riskstatusdate", Field::BackgroundCheckDate),
    ("backgroundcheckcompleted", Field::BackgroundCheckDate),
    ("riskexpiration", Field::BackgroundCheckExpires),
    ("riskstatusexpiration", Field::BackgroundCheckExpires),
    ("riskexpirationdate", Field::BackgroundCheckExpires),
    ("riskstatusexpirationdate", Field::BackgroundCheckExpires),
    ("riskexpires", Field::BackgroundCheckExpires),
    ("expires", Field::BackgroundCheckExpires),
    ("expirationdate", Field::BackgroundCheckExpires),
    ("expiration", Field::BackgroundCheckExpires),
    ("expiry", Field::BackgroundCheckExpires),
    ("expirydate", Field::BackgroundCheckExpires),
    ("backgroundcheckexpires", Field::BackgroundCheckExpires),
    ("backgroundcheckexpiration", Field::BackgroundCheckExpires),
    (
        "backgroundcheckexpirationdate",
        Field::BackgroundCheckExpires,
    ),
    ("bgexpires", Field::BackgroundCheckExpires),
    ("bgexpiration", Field::BackgroundCheckExpires),
    ("validuntil", Field::BackgroundCheckExpires),
    ("id", Field::MemberId),
    ("memberid", Field::MemberId),
    ("adminid", Field::MemberId),
    ("calsouthid", Field::MemberId),
    ("adultid", Field::MemberId),
    ("ussfid", Field::MemberId),
    ("volunteerid", Field::MemberId),
    ("idnumber", Field::MemberId),
    ("membernumber", Field::MemberId),
    ("coachid", Field::MemberId),
    ("personid", Field::MemberId),
    ("userid", Field::MemberId),
    ("gotsportid", Field::MemberId),
    ("affinityid", Field::MemberId),
];

/// Synonyms used only in a file without team, division or role columns (a vendor's list).
const WEAK_SYNONYMS: &[(&str, Field)] = &[
    ("status", Field::BackgroundCheck),
    ("result", Field::BackgroundCheck),
    ("checkstatus", Field::BackgroundCheck),
    ("date", Field::BackgroundCheckDate),
    ("checkdate", Field::BackgroundCheckDate),
    ("completed", Field::BackgroundCheckDate),
    ("datecompleted", Field::BackgroundCheckDate),
    ("completeddate", Field::BackgroundCheckDate),
    ("completiondate", Field::BackgroundCheckDate),
];

/// Prefixes dropped when a header does not match as written (`Volunteer Email` → `email`).
const PREFIXES: &[&str] = &[
    "headcoach",
    "coach",
    "volunteer",
    "staff",
    "adult",
    "member",
    "primary",
    "person",
];

/// Lower-cases, folds accents, spells `#` as `number` and drops everything but letters and
/// digits: `E-mail Address` → `emailaddress`, `Member #` → `membernumber`.
pub fn normalize_header(header: &str) -> String {
    fold(header.trim_start_matches('\u{feff}'))
        .replace('#', "number")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Config synonyms, normalised; entries naming an unknown field are returned in the error list.
pub fn extra_synonyms(extra: &[(String, String)]) -> (Vec<(String, Field)>, Vec<String>) {
    let mut synonyms = Vec::new();
    let mut rejected = Vec::new();
    for (header, field) in extra {
        match Field::from_name(field) {
            Some(field) => synonyms.push((normalize_header(header), field)),
            None => rejected.push(format!(
                "extra header {header:?} names the unknown field {field:?}; ignored"
            )),
        }
    }
    (synonyms, rejected)
}

/// How one header cell maps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Mapping {
    field: Field,
    /// Lower is a better synonym.
    rank: usize,
    weak: bool,
}

fn map_cell(cell: &str, extra: &[(String, Field)]) -> Option<Mapping> {
    let normalized = normalize_header(cell);
    if normalized.is_empty() {
        return None;
    }
    let mut attempts = vec![normalized.clone()];
    if let Some(open) = cell.find('(') {
        let without = normalize_header(cell.get(..open).unwrap_or_default());
        if !without.is_empty() {
            attempts.push(without);
        }
    }
    let trimmed_digits = normalized.trim_end_matches(|c: char| c.is_ascii_digit());
    if !trimmed_digits.is_empty() && trimmed_digits.len() != normalized.len() {
        attempts.push(trimmed_digits.to_string());
    }
    for prefix in PREFIXES {
        if let Some(rest) = normalized.strip_prefix(prefix) {
            if !rest.is_empty() {
                attempts.push(rest.to_string());
            }
        }
    }
    for attempt in &attempts {
        if let Some(rank) = extra.iter().position(|(h, _)| h == attempt) {
            let field = extra.get(rank).map(|(_, f)| *f)?;
            return Some(Mapping {
                field,
                rank,
                weak: false,
            });
        }
        if let Some(position) = SYNONYMS.iter().position(|(h, _)| h == attempt) {
            let field = SYNONYMS.get(position).map(|(_, f)| *f)?;
            return Some(Mapping {
                field,
                rank: extra.len() + position,
                weak: false,
            });
        }
        if let Some(position) = WEAK_SYNONYMS.iter().position(|(h, _)| h == attempt) {
            let field = WEAK_SYNONYMS.get(position).map(|(_, f)| *f)?;
            let rank = extra.len() + SYNONYMS.len() + position;
            return Some(Mapping {
                field,
                rank,
                weak: true,
            });
        }
    }
    None
}

/// A header row, mapped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderMap {
    /// Per field, the columns that map to it, best synonym first.
    columns: [Vec<usize>; 11],
    /// (column, header as written, field), in column order.
    mapped: Vec<(usize, String, Field)>,
}

impl HeaderMap {
    /// Maps a row of header cells. Weak synonyms are kept only when the row has no team,
    /// division or role column.
    pub fn new(cells: &[&str], extra: &[(String, Field)]) -> HeaderMap {
        let mappings: Vec<(usize, Mapping)> = cells
            .iter()
            .enumerate()
            .filter_map(|(column, cell)| map_cell(cell, extra).map(|m| (column, m)))
            .collect();
        let roster_like = mappings.iter().any(|(_, m)| {
            !m.weak && matches!(m.field, Field::Team | Field::Division | Field::Role)
        });
        let mut ranked: Vec<(usize, Mapping)> = mappings
            .into_iter()
            .filter(|(_, m)| !(m.weak && roster_like))
            .collect();
        let mapped = ranked
            .iter()
            .map(|(column, m)| {
                let header = cells.get(*column).map_or("", |c| c.trim()).to_string();
                (
                    *column,
                    header.trim_start_matches('\u{feff}').to_string(),
                    m.field,
                )
            })
            .collect();
        ranked.sort_by_key(|(column, m)| (m.rank, *column));
        let mut columns: [Vec<usize>; 11] = Default::default();
        for (column, mapping) in ranked {
            if let Some(list) = columns.get_mut(mapping.field.index()) {
                list.push(column);
            }
        }
        HeaderMap { columns, mapped }
    }

    /// Whether some column maps to `field`.
    pub fn has(&self, field: Field) -> bool {
        self.columns
            .get(field.index())
            .is_some_and(|c| !c.is_empty())
    }

    /// Whether a name column exists.
    pub fn has_name(&self) -> bool {
        self.has(Field::FirstName) || self.has(Field::LastName) || self.has(Field::FullName)
    }

    /// Number of mapped columns.
    pub fn mapped_count(&self) -> usize {
        self.mapped.len()
    }

    /// The columns of `field`, best first.
    pub fn columns_of(&self, field: Field) -> &[usize] {
        self.columns.get(field.index()).map_or(&[], Vec::as_slice)
    }

    /// Whether `column` holds a name or email.
    pub fn is_identity_column(&self, column: usize) -> bool {
        self.mapped
            .iter()
            .any(|(c, _, f)| *c == column && (f.is_name() || *f == Field::Email))
    }

    /// Whether `column` maps to some field.
    pub fn is_mapped_column(&self, column: usize) -> bool {
        self.mapped.iter().any(|(c, _, _)| *c == column)
    }

    /// (header as written, field name), in column order.
    pub fn columns(&self) -> Vec<(String, String)> {
        self.mapped
            .iter()
            .map(|(_, header, field)| (header.clone(), field.as_str().to_string()))
            .collect()
    }

    /// Whether this row can be the header: at least two mapped cells including a name or
    /// email column, or a single-cell row that is a name column (a one-column name sheet).
    pub fn is_header(&self, non_empty_cells: usize) -> bool {
        let identity = self.has_name() || self.has(Field::Email);
        (self.mapped_count() >= 2 && identity) || (non_empty_cells == 1 && self.has_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(headers: &[&str]) -> Vec<(String, String)> {
        HeaderMap::new(headers, &[]).columns()
    }

    fn pair(header: &str, field: &str) -> (String, String) {
        (header.to_string(), field.to_string())
    }

    #[test]
    fn maps_every_synonym_the_spec_lists() {
        let cases = [
            ("First Name", "first_name"),
            ("Given Name", "first_name"),
            ("FIRST", "first_name"),
            ("FirstName", "first_name"),
            ("Coach First Name", "first_name"),
            ("Last Name", "last_name"),
            ("Surname", "last_name"),
            ("Family Name", "last_name"),
            ("Last", "last_name"),
            ("Name", "full_name"),
            ("Full Name", "full_name"),
            ("Coach", "full_name"),
            ("Coach Name", "full_name"),
            ("CoachName", "full_name"),
            ("Volunteer Name", "full_name"),
            ("Name (Last, First)", "full_name"),
            ("Email", "email"),
            ("E-mail", "email"),
            ("Email Address", "email"),
            ("CoachEmail", "email"),
            ("Coach Email", "email"),
            ("Email 1", "email"),
            ("Team", "team"),
            ("Team Name", "team"),
            ("TeamName", "team"),
            ("Division", "division"),
            ("Age Group", "division"),
            ("Level", "division"),
            ("Program", "division"),
            ("Age Division", "division"),
            ("Role", "role"),
            ("Position", "role"),
            ("Title", "role"),
            ("Volunteer Role", "role"),
            ("CoachType", "role"),
            ("Volunteer Position", "role"),
            ("Background Check", "background_check"),
            ("BG Check", "background_check"),
            ("Risk Status", "background_check"),
            ("Background Check Status", "background_check"),
            ("Live Scan", "background_check"),
            ("Risk Management", "background_check"),
            ("Background Check Date", "background_check_date"),
            ("BG Date", "background_check_date"),
            ("Date Cleared", "background_check_date"),
            ("Risk Expiration", "background_check_expires"),
            ("Risk Status Expiration", "background_check_expires"),
            ("Expires", "background_check_expires"),
            ("Expiration Date", "background_check_expires"),
            ("Background Check Expires", "background_check_expires"),
            ("ID", "member_id"),
            ("Member ID", "member_id"),
            ("Member #", "member_id"),
            ("Admin ID", "member_id"),
            ("Cal South ID", "member_id"),
            ("Adult ID", "member_id"),
            ("USSF ID", "member_id"),
            ("Volunteer ID", "member_id"),
            ("\u{feff}first_name", "first_name"),
        ];
        for (header, field) in cases {
            assert_eq!(
                HeaderMap::new(&[header, "Team"], &[]).columns().first(),
                Some(&pair(header.trim_start_matches('\u{feff}'), field)),
                "{header}"
            );
        }
    }

    #[test]
    fn unknown_columns_are_left_out() {
        assert_eq!(
            fields(&[
                "Team ID",
                "Player Name",
                "Parent Email",
                "Phone",
                "SafeSport",
                "Team"
            ]),
            vec![pair("Team", "team")]
        );
    }

    #[test]
    fn status_and_date_alone_count_only_on_a_vendor_list() {
        assert_eq!(
            fields(&["Name", "Email", "Status", "Date"]),
            vec![
                pair("Name", "full_name"),
                pair("Email", "email"),
                pair("Status", "background_check"),
                pair("Date", "background_check_date"),
            ]
        );
        assert_eq!(
            fields(&["Name", "Team", "Status"]),
            vec![pair("Name", "full_name"), pair("Team", "team")]
        );
    }

    #[test]
    fn the_best_synonym_wins_and_others_are_fallbacks() {
        let map = HeaderMap::new(&["Program", "Team", "Age Group", "Name"], &[]);
        assert_eq!(map.columns_of(Field::Division), &[2, 0]);
    }

    #[test]
    fn config_synonyms_come_first() {
        let (extra, rejected) = extra_synonyms(&[
            ("Entrenador".to_string(), "full_name".to_string()),
            ("Liga".to_string(), "division".to_string()),
            ("Whatever".to_string(), "shoe_size".to_string()),
        ]);
        assert_eq!(rejected.len(), 1);
        let map = HeaderMap::new(&["Entrenador", "Liga", "Division"], &extra);
        assert_eq!(map.columns_of(Field::FullName), &[0]);
        assert_eq!(map.columns_of(Field::Division), &[1, 2]);
    }

    #[test]
    fn header_rows_need_a_name() {
        let is_header = |cells: &[&str]| {
            let non_empty = cells.iter().filter(|c| !c.trim().is_empty()).count();
            HeaderMap::new(cells, &[]).is_header(non_empty)
        };
        assert!(is_header(&["First Name", "Last Name"]));
        assert!(is_header(&["Coach Name"]));
        assert!(is_header(&["Email", "Status"]));
        assert!(!is_header(&["Coach Roster Report"]));
        assert!(!is_header(&["Exported on 08/15/2025"]));
        assert!(!is_header(&["Team", "Division", "Role"]));
        assert!(!is_header(&["Jose", "Alvarez", "jose@example.com"]));
    }
}
