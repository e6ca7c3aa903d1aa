//! rules: one file per requirement. Each `evaluate` returns the requirement's result and the
//! findings it raises, with a `message` (what is wrong) and an `action` (what the coach must
//! do, in words a volunteer can forward as-is).

pub mod background_check;
pub mod concussion;
pub mod division_course;
pub mod identity;
pub mod intro_module;
pub mod safesport;

use crate::certificates::Course;
use crate::policy::{Evidence, Format};

/// National licenses D and above.
pub const LICENSES_D_AND_ABOVE: [Course; 4] = [
    Course::LicenseD,
    Course::LicenseC,
    Course::LicenseB,
    Course::LicenseA,
];

/// Legacy licenses the grassroots courses replaced.
pub const LEGACY_LICENSES: [Course; 2] = [Course::LicenseE, Course::LicenseF];

/// The grassroots course of a format.
pub fn grassroots_course(format: Format) -> Course {
    match format {
        Format::FourVFour => Course::Grassroots4v4,
        Format::SevenVSeven => Course::Grassroots7v7,
        Format::NineVNine => Course::Grassroots9v9,
        Format::ElevenVEleven => Course::Grassroots11v11,
    }
}

/// The format of a grassroots course.
pub fn course_format(course: Course) -> Option<Format> {
    match course {
        Course::Grassroots4v4 => Some(Format::FourVFour),
        Course::Grassroots7v7 => Some(Format::SevenVSeven),
        Course::Grassroots9v9 => Some(Format::NineVNine),
        Course::Grassroots11v11 => Some(Format::ElevenVEleven),
        _ => None,
    }
}

/// The evidence of the given courses, newest completion first (ties by file).
pub fn of_courses<'a>(evidence: &'a [Evidence], courses: &[Course]) -> Vec<&'a Evidence> {
    let mut found: Vec<&Evidence> = evidence
        .iter()
        .filter(|item| courses.contains(&item.course))
        .collect();
    found.sort_by(|a, b| {
        b.completed_on
            .cmp(&a.completed_on)
            .then_with(|| a.file.cmp(&b.file))
    });
    found
}

/// File names of some evidence.
pub fn files(items: &[&Evidence]) -> Vec<String> {
    items.iter().map(|item| item.file.clone()).collect()
}

/// A human name for a course, for messages.
pub fn course_name(course: Course) -> &'static str {
    match course {
        Course::IntroGrassroots => "Introduction to Grassroots Coaching",
        Course::Grassroots4v4 => "4v4 Grassroots course",
        Course::Grassroots7v7 => "7v7 Grassroots course",
        Course::Grassroots9v9 => "9v9 Grassroots course",
        Course::Grassroots11v11 => "11v11 Grassroots course",
        Course::LicenseD => "National D License",
        Course::LicenseC => "National C License",
        Course::LicenseB => "National B License",
        Course::LicenseA => "National A License",
        Course::LicenseE => "legacy E License",
        Course::LicenseF => "legacy F License",
        Course::SafeHealthyEnvironments => "Introduction to Safe and Healthy Playing Environments",
        Course::UsSoccerOther => "U.S. Soccer course",
        Course::SafesportCore => "SafeSport Trained (core) certificate",
        Course::SafesportRefresher => "SafeSport Refresher",
        Course::SafesportModule => "single SafeSport module certificate",
        Course::SafesportOther => "other SafeSport course",
        Course::Concussion => "concussion training",
    }
}
