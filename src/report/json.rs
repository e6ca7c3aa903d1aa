//! report::json: renders `report.json` (the wire format documented in [`crate::report`]).
//! Pure: no I/O. Field order is the declaration order of the model, so the output is
//! byte-identical for the same report.

use super::Report;

/// Streams `report.json` into `out` (never held whole in memory).
pub fn render_to(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// `report.json`: the report as pretty-printed JSON, ending with a newline.
pub fn render(report: &Report) -> String {
    // The model has only string map keys and serde_json writes non-finite floats as
    // `null`, so serialising cannot fail; should it ever, the file still says why.
    let mut json = serde_json::to_string_pretty(report).unwrap_or_else(|error| {
        serde_json::json!({
            "schema": report.schema,
            "generated_at": report.generated_at,
            "error": format!("the report could not be serialised: {error}"),
        })
        .to_string()
    });
    json.push('\n');
    json
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::report::testing::sample;

    #[test]
    fn round_trips_to_the_same_report() {
        let report = sample();
        let json = render(&report);
        let back: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(back, report);
        assert!(json.ends_with("}\n"));
    }

    #[test]
    fn has_every_contract_key() {
        let json: Value = serde_json::from_str(&render(&sample())).unwrap();
        assert_eq!(json["schema"], "coachcheck.report/1");
        assert_eq!(json["as_of"], "2026-08-15");
        for key in [
            "generated_at",
            "coaches",
            "findings",
            "certificates",
            "changes",
        ] {
            assert!(json.get(key).is_some(), "missing {key}");
        }
        for key in [
            "coaches",
            "compliant",
            "action_needed",
            "needs_review",
            "findings_by_code",
        ] {
            assert!(json["summary"].get(key).is_some(), "missing summary.{key}");
        }
        assert_eq!(json["summary"]["findings_by_code"]["ambiguous_match"], 1);
        let coach = &json["coaches"][1];
        assert_eq!(coach["status"], "action_needed");
        assert_eq!(coach["teams"][0]["format"], "4v4");
        for name in [
            "account",
            "intro_module",
            "division_course",
            "concussion",
            "safesport",
            "background_check",
        ] {
            let requirement = &coach["requirements"][name];
            for key in ["status", "evidence", "detail"] {
                assert!(requirement.get(key).is_some(), "missing {name}.{key}");
            }
        }
        assert_eq!(coach["requirements"]["safesport"]["status"], "expired");
        let certificate = &json["certificates"][1];
        assert_eq!(certificate["match"]["status"], "ambiguous");
        assert!(certificate["match"].get("reason").is_some());
        assert_eq!(certificate["course"], "grassroots_9v9");
        let finding = &json["findings"][2];
        assert_eq!(finding["severity"], "review");
        assert_eq!(finding["decision"], "cert-unknown.pdf,CS-3,accept_match,");
        assert_eq!(json["changes"][0]["kind"], "coach_compliant");
    }

    #[test]
    fn is_byte_identical_between_renders() {
        let report = sample();
        assert_eq!(render(&report), render(&report));
    }
}
