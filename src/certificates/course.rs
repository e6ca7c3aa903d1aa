//! Course ids and issuer kinds as data (SPEC §5): a [`Course`] is a canonical id such as
//! `grassroots_7v7` or `cpr_aed`, a [`CertificateKind`] an issuer kind such as `safesport`.
//! The built-in ones are constants; templates (built-in or the user's TOML) declare more,
//! so a new issuer or course needs no code. Ids are interned once per process, which keeps
//! both types `Copy` and cheap to compare.

use std::collections::HashMap;
use std::fmt;
use std::sync::{LazyLock, RwLock};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An issuer kind (`us_soccer`, `safesport`, `concussion`, `cpr_aed`, or a user template's).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CertificateKind(&'static str);

/// A canonical course id (SPEC §5 lists the built-in ones; templates may declare more).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Course(&'static str);

/// Why a string is not a usable id.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a valid id (use lowercase letters, digits and `_`, at most 64)")]
pub struct CourseIdError(pub String);

macro_rules! builtin {
    (kinds { $($(#[$kdoc:meta])* $kind:ident => $kid:literal;)* }
     courses { $($(#[$doc:meta])* $variant:ident => $id:literal, $course_kind:ident;)* }) => {
        #[allow(non_upper_case_globals)]
        impl CertificateKind {
            $($(#[$kdoc])* pub const $kind: CertificateKind = CertificateKind($kid);)*
            /// The built-in kinds.
            pub const BUILTIN: &'static [CertificateKind] = &[$(CertificateKind::$kind,)*];
        }

        #[allow(non_upper_case_globals)]
        impl Course {
            $($(#[$doc])* pub const $variant: Course = Course($id);)*
            /// Every built-in course, in SPEC order.
            pub const ALL: &'static [Course] = &[$(Course::$variant,)*];
        }

        fn builtin_courses() -> HashMap<&'static str, (Course, CertificateKind)> {
            HashMap::from([$(($id, (Course::$variant, CertificateKind::$course_kind)),)*])
        }
    };
}

builtin! {
kinds {
    /// U.S. Soccer Learning Center.
    UsSoccer => "us_soccer";
    /// U.S. Center for SafeSport.
    Safesport => "safesport";
    /// CDC HEADS UP or NFHS Concussion in Sports.
    Concussion => "concussion";
    /// Accredited CPR/AED issuers (American Red Cross, AHA, NSC, HSI/ASHI).
    CprAed => "cpr_aed";
}
courses {
    /// "Introduction to Grassroots Coaching".
    IntroGrassroots => "intro_grassroots", UsSoccer;
    /// 4v4 grassroots course (online, in-person, blended or virtual).
    Grassroots4v4 => "grassroots_4v4", UsSoccer;
    /// 7v7 grassroots course.
    Grassroots7v7 => "grassroots_7v7", UsSoccer;
    /// 9v9 grassroots course.
    Grassroots9v9 => "grassroots_9v9", UsSoccer;
    /// 11v11 grassroots course.
    Grassroots11v11 => "grassroots_11v11", UsSoccer;
    /// National D license.
    LicenseD => "license_d", UsSoccer;
    /// National C license.
    LicenseC => "license_c", UsSoccer;
    /// National B license.
    LicenseB => "license_b", UsSoccer;
    /// National A license.
    LicenseA => "license_a", UsSoccer;
    /// Legacy E license.
    LicenseE => "license_e", UsSoccer;
    /// Legacy F license.
    LicenseF => "license_f", UsSoccer;
    /// "Introduction to Safe and Healthy Playing Environments".
    SafeHealthyEnvironments => "safe_healthy_environments", UsSoccer;
    /// Any other U.S. Soccer course.
    UsSoccerOther => "us_soccer_other", UsSoccer;
    /// The master "SafeSport Trained" (core) certificate.
    SafesportCore => "safesport_core", Safesport;
    /// SafeSport Refresher 1, 2 or 3.
    SafesportRefresher => "safesport_refresher", Safesport;
    /// One module of the core course; does not satisfy the requirement.
    SafesportModule => "safesport_module", Safesport;
    /// Any other SafeSport course.
    SafesportOther => "safesport_other", Safesport;
    /// CDC HEADS UP or NFHS Concussion in Sports.
    Concussion => "concussion", Concussion;
    /// A CPR and AED course (e.g. Red Cross "Adult CPR/AED", AHA "Heartsaver CPR AED").
    CprAed => "cpr_aed", CprAed;
    /// First aid with CPR and AED (e.g. "Adult and Pediatric First Aid/CPR/AED").
    FirstAidCprAed => "first_aid_cpr_aed", CprAed;
    /// Basic Life Support (BLS Provider): covers CPR and AED.
    Bls => "bls", CprAed;
    /// CPR without AED (e.g. "Hands-Only CPR"): does not satisfy CPR/AED.
    CprOnly => "cpr_only", CprAed;
    /// First aid without CPR/AED: does not satisfy CPR/AED.
    FirstAidOnly => "first_aid_only", CprAed;
}
}

/// Every known course id with its kind: the built-ins plus those templates declared.
static COURSES: LazyLock<RwLock<HashMap<&'static str, (Course, CertificateKind)>>> =
    LazyLock::new(|| RwLock::new(builtin_courses()));

/// Every interned kind.
static KINDS: LazyLock<RwLock<HashMap<&'static str, CertificateKind>>> = LazyLock::new(|| {
    RwLock::new(
        CertificateKind::BUILTIN
            .iter()
            .map(|kind| (kind.0, *kind))
            .collect(),
    )
});

/// Most distinct ids a process interns (templates declare a few dozen; this only bounds
/// what hostile data could make it keep).
const MAX_INTERNED: usize = 10_000;

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl CertificateKind {
    /// The kind with this id, interning it if new.
    pub fn declare(id: &str) -> Result<CertificateKind, CourseIdError> {
        if !valid_id(id) {
            return Err(CourseIdError(id.to_string()));
        }
        if let Some(kind) = KINDS.read().ok().and_then(|kinds| kinds.get(id).copied()) {
            return Ok(kind);
        }
        let mut kinds = KINDS.write().map_err(|_| CourseIdError(id.to_string()))?;
        if let Some(kind) = kinds.get(id) {
            return Ok(*kind);
        }
        if kinds.len() >= MAX_INTERNED {
            return Err(CourseIdError(id.to_string()));
        }
        let leaked: &'static str = Box::leak(id.to_string().into_boxed_str());
        let kind = CertificateKind(leaked);
        kinds.insert(leaked, kind);
        Ok(kind)
    }

    /// The contract spelling.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl Course {
    /// Declares a course id (from a template) with its issuer kind, interning it if new.
    /// A built-in id keeps its built-in kind.
    pub fn declare(id: &str, kind: CertificateKind) -> Result<Course, CourseIdError> {
        if !valid_id(id) {
            return Err(CourseIdError(id.to_string()));
        }
        if let Some(course) = Course::from_id(id) {
            return Ok(course);
        }
        let mut courses = COURSES.write().map_err(|_| CourseIdError(id.to_string()))?;
        if let Some((course, _)) = courses.get(id) {
            return Ok(*course);
        }
        if courses.len() >= MAX_INTERNED {
            return Err(CourseIdError(id.to_string()));
        }
        let leaked: &'static str = Box::leak(id.to_string().into_boxed_str());
        let course = Course(leaked);
        courses.insert(leaked, (course, kind));
        Ok(course)
    }

    /// A known course (built-in, or declared by a template loaded in this process).
    pub fn from_id(id: &str) -> Option<Course> {
        COURSES
            .read()
            .ok()
            .and_then(|courses| courses.get(id).map(|(course, _)| *course))
    }

    /// The canonical id, e.g. `grassroots_7v7`.
    pub fn id(self) -> &'static str {
        self.0
    }

    /// The issuer kind of this course (the declaring template's kind).
    pub fn kind(self) -> Option<CertificateKind> {
        COURSES
            .read()
            .ok()
            .and_then(|courses| courses.get(self.0).map(|(_, kind)| *kind))
    }
}

impl fmt::Debug for Course {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Display for Course {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Debug for CertificateKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Display for CertificateKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for Course {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl Serialize for CertificateKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Course {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        if let Some(course) = Course::from_id(&id) {
            return Ok(course);
        }
        // A course a template declared in an earlier run (e.g. from the extraction cache):
        // its kind is learnt again when the template is loaded.
        let kind = CertificateKind::declare("other").map_err(serde::de::Error::custom)?;
        Course::declare(&id, kind).map_err(serde::de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for CertificateKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        CertificateKind::declare(&id).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_ids_round_trip_through_serde() {
        for course in Course::ALL {
            let json = serde_json::to_string(course).unwrap();
            assert_eq!(json, format!("\"{}\"", course.id()));
            let back: Course = serde_json::from_str(&json).unwrap();
            assert_eq!(back, *course);
            assert!(course.kind().is_some());
        }
        assert_eq!(Course::CprOnly.kind(), Some(CertificateKind::CprAed));
    }

    #[test]
    fn templates_declare_new_courses_and_bad_ids_are_refused() {
        let kind = CertificateKind::declare("sca").unwrap();
        let course = Course::declare("sudden_cardiac_arrest", kind).unwrap();
        assert_eq!(Course::from_id("sudden_cardiac_arrest"), Some(course));
        assert_eq!(course.kind(), Some(kind));
        // A built-in keeps its kind.
        assert_eq!(
            Course::declare("bls", kind).unwrap().kind(),
            Some(CertificateKind::CprAed)
        );
        for bad in ["", "Has Caps", "dash-ed", &"x".repeat(65)] {
            assert!(Course::declare(bad, kind).is_err(), "{bad:?}");
        }
        assert_eq!(Course::from_id("never_declared_here"), None);
    }

    #[test]
    fn constants_work_as_patterns() {
        let describe = |course: Course| match course {
            Course::SafesportCore => "core",
            _ => "other",
        };
        assert_eq!(describe(Course::SafesportCore), "core");
        assert_eq!(describe(Course::Bls), "other");
    }
}
