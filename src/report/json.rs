//! report::json: renders `report.json` (the wire format documented in [`crate::report`]).
//! No file I/O: it writes into the writer it is given. Field order is the declaration order of the model, so the output is
//! byte-identical for the same report.

use super::Report;

/// Streams `report.json` into `out` (never held whole in memory): the report as
/// pretty-printed JSON, ending with a newline.
pub fn render_to(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::report::testing::sample;

    fn render(report: &Report) -> String {
        let mut json = Vec::new();
        render_to(report, &mut json).unwrap();
        String::from_utf8(json).unwrap()
    }

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
        assert_eq!(certificate["source"]["type"], "mail");
        assert_eq!(certificate["source"]["message"], "inbox.mbox#2");
        for key in ["sender", "date", "subject"] {
            assert!(certificate["source"].get(key).is_some(), "source.{key}");
        }
        assert!(
            json["certificates"][0].get("source").is_none(),
            "a file in the inbox has no source"
        );
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
