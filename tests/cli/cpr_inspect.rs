//! `coachcheck inspect` on CPR/AED certificates in the forms the held-out measurement
//! (`fixtures/cpr/heldout.py`) found misread: boilerplate that mentions CPR on a first-aid
//! card, a `|` between the parts of a combined course, an AHA renewal label wrapped in its
//! table cell, and an eCard code on the line below its label.

use serde_json::Value;

use crate::inspect::simple_pdf;
use crate::support::TestEnv;

fn inspect(env: &TestEnv, name: &str, lines: &[&str]) -> Value {
    let path = env.path(name);
    std::fs::write(&path, simple_pdf(lines)).unwrap();
    let ran = env
        .run(&["inspect", "--json", path.to_str().unwrap()])
        .expect_status(0);
    serde_json::from_str(ran.stdout.trim()).expect("one JSON object")
}

#[test]
fn boilerplate_mentioning_cpr_does_not_make_a_first_aid_card_a_cpr_card() {
    let env = TestEnv::new();
    let card = inspect(
        &env,
        "first aid.pdf",
        &[
            "Heartsaver First Aid",
            "American Heart Association",
            "Marisol Achebe-Lund",
            "has successfully completed the cognitive and skills evaluations of the course.",
            "Issue Date 03/05/2026",
            "Recommended Renewal Date 03/2028",
            "This course follows the 2020 AHA Guidelines for CPR and ECC.",
        ],
    );
    assert_eq!(card["kind"], "cpr_aed", "{card}");
    assert_eq!(card["course"], "first_aid_only", "{card}");
    assert_eq!(card["expires_on"], "2028-03-31", "{card}");

    let cpr_only = inspect(
        &env,
        "adult cpr.pdf",
        &[
            "American Red Cross",
            "Teodor Vance",
            "has successfully completed requirements for",
            "Adult CPR",
            "Date Completed: 05/09/2026",
            "Valid For: 2 Years",
        ],
    );
    assert_eq!(cpr_only["course"], "cpr_only", "{cpr_only}");
    assert_eq!(cpr_only["expires_on"], Value::Null, "{cpr_only}");
}

#[test]
fn a_bar_between_first_aid_and_cpr_aed_is_the_combined_course() {
    let env = TestEnv::new();
    let card = inspect(
        &env,
        "ashi.pdf",
        &[
            "American Safety & Health Institute",
            "This is to certify that",
            "Keiko Ramirez",
            "has completed the",
            "Adult First Aid | CPR AED",
            "Date Issued: March 5, 2026",
            "Expiration Date: March 5, 2028",
        ],
    );
    assert_eq!(card["course"], "first_aid_cpr_aed", "{card}");
    assert_eq!(card["completed_on"], "2026-03-05", "{card}");
    assert_eq!(card["expires_on"], "2028-03-05", "{card}");
}

#[test]
fn a_wrapped_renewal_label_and_an_ecard_code_below_its_label_are_read() {
    let env = TestEnv::new();
    let card = inspect(
        &env,
        "ecard.pdf",
        &[
            "BLS Provider",
            "American Heart Association",
            "Oren Blackwood",
            "has successfully completed the cognitive and skills evaluations.",
            "Issue Date",
            "11/08/2025",
            "Recommended Renewal 11/2027",
            "Date",
            "eCard Code",
            "235412AB7QX9",
        ],
    );
    assert_eq!(card["course"], "bls", "{card}");
    assert_eq!(card["completed_on"], "2025-11-08", "{card}");
    assert_eq!(card["expires_on"], "2027-11-30", "{card}");
    assert_eq!(card["certificate_id"], "235412AB7QX9", "{card}");
    assert_eq!(card["warnings"], serde_json::json!([]), "{card}");
}
