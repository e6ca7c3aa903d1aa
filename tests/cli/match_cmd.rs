//! `coachcheck match`: the contract of SPEC §2 on ROSTER.csv and RECORDS.csv.

use crate::support::TestEnv;

#[test]
fn every_record_gets_one_row_with_a_status_and_a_reason() {
    let env = TestEnv::new();
    std::fs::write(
        env.path("roster.csv"),
        "id,first_name,last_name,email\nR1,Robert,Smith,rsmith@example.org\nR2,María,García,maria.g@example.org\nR3,María,García,mgarcia@example.org\nR4,José,Núñez,\n",
    )
    .unwrap();
    std::fs::write(
        env.path("records.csv"),
        "id,name,email\nc1,Bob Smith,rsmith@example.org\nc2,MARIA GARCIA,\nc3,\"Nunez, Jose\",\nc4,Henrik Solberg,henrik@example.org\nc5,JosÃ© NÃºÃ±ez,\n",
    )
    .unwrap();
    let ran = env
        .run(&[
            "match",
            "--roster",
            "roster.csv",
            "--records",
            "records.csv",
        ])
        .expect_status(0);
    let mut reader = csv::Reader::from_reader(ran.stdout.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["record_id", "roster_id", "score", "status", "reason"]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let row = |id: &str| rows.iter().find(|r| r[0] == id).unwrap().clone();
    assert_eq!(rows.len(), 5);
    assert_eq!(
        (row("c1")[1].as_str(), row("c1")[3].as_str()),
        ("R1", "matched")
    );
    assert!(row("c1")[4].contains("Bob~Robert"), "{:?}", row("c1"));
    assert_eq!(row("c2")[3], "ambiguous", "two María Garcías and no email");
    assert_eq!(
        (row("c3")[1].as_str(), row("c3")[3].as_str()),
        ("R4", "matched")
    );
    assert_eq!(
        (row("c4")[1].as_str(), row("c4")[3].as_str()),
        ("", "unmatched")
    );
    assert_eq!(
        (row("c5")[1].as_str(), row("c5")[3].as_str()),
        ("R4", "matched"),
        "mojibake repaired"
    );
    for r in &rows {
        let score: f64 = r[2].parse().unwrap();
        assert!((0.0..=1.0).contains(&score));
    }
    // --out writes the same rows to a file.
    env.run(&[
        "match",
        "--roster",
        "roster.csv",
        "--records",
        "records.csv",
        "--out",
        "m.csv",
    ])
    .expect_status(0);
    assert_eq!(
        std::fs::read_to_string(env.path("m.csv")).unwrap(),
        ran.stdout
    );
}

#[test]
fn wrong_headers_name_the_file_and_the_expected_columns() {
    let env = TestEnv::new();
    std::fs::write(env.path("roster.csv"), "name,mail\nA,b\n").unwrap();
    std::fs::write(env.path("records.csv"), "id,name,email\n").unwrap();
    let ran = env.run(&[
        "match",
        "--roster",
        "roster.csv",
        "--records",
        "records.csv",
    ]);
    assert_eq!(ran.status, 2, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("roster.csv") && ran.stderr.contains("first_name"),
        "{}",
        ran.stderr
    );
}
