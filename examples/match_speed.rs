//! Speed benchmark of the matching engine: links 100,000 generated certificate records
//! against a generated 30,000-coach roster and reports seconds (index build and linking),
//! then checks the output is identical with one thread.
//!
//! ```text
//! cargo run --release --example match_speed [-- ROSTER RECORDS]
//! ```

#[path = "support/league.rs"]
mod league;

use coachcheck::matching::{Matcher, Nicknames, Record};

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let roster_size = args.first().copied().unwrap_or(30_000);
    let record_count = args.get(1).copied().unwrap_or(100_000);
    let generated = league::generate(roster_size, 99);
    // Repeat the generated records (with fresh ids) up to the wanted count.
    let records: Vec<Record> = generated
        .records
        .iter()
        .cycle()
        .take(record_count)
        .enumerate()
        .map(|(n, r)| Record {
            id: format!("r{n}"),
            name: r.name.clone(),
            email: r.email.clone(),
        })
        .collect();
    println!(
        "roster {}, records {}, threads {}",
        generated.roster.len(),
        records.len(),
        rayon::current_num_threads()
    );
    let cpu_started = cpu_seconds();
    let started = std::time::Instant::now();
    let matcher = Matcher::new(generated.roster, Nicknames::builtin());
    let indexed = started.elapsed().as_secs_f64();
    let matches = matcher.link_all(&records);
    let total = started.elapsed().as_secs_f64();
    println!(
        "index {indexed:.3} s, link {:.3} s, total {total:.3} s (wall)",
        total - indexed
    );
    if let (Some(before), Some(after)) = (cpu_started, cpu_seconds()) {
        println!(
            "CPU time of index + link: {:.3} s over all threads (wall time above is inflated when other processes compete for the cores)",
            after - before
        );
    }
    let single = rayon::ThreadPoolBuilder::new().num_threads(1).build();
    if let Ok(pool) = single {
        let started = std::time::Instant::now();
        let again = pool.install(|| matcher.link_all(&records));
        println!(
            "one thread: link {:.3} s, identical output: {}",
            started.elapsed().as_secs_f64(),
            again == matches
        );
    }
}

/// This process's user + system CPU seconds (Linux `/proc/self/stat`), if available.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // Fields 14 and 15 of stat (utime, stime) are 12 and 13 after the name.
    let user: f64 = fields.get(11)?.parse().ok()?;
    let system: f64 = fields.get(12)?.parse().ok()?;
    Some((user + system) / 100.0)
}
