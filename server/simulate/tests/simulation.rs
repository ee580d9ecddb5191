//! The learner simulation as a story: a small seeded cohort learns ST1332 under Flowline's
//! feed, the course in order and random lessons. The feed must get them ready in fewer
//! sessions than either, the same seed must give the same report, and another seed a
//! different one. BKT's parameters are fitted to a pilot cohort first, as the server fits a
//! standard's. (The full-size run and its targets are `scripts/simulate-report.sh --check`.)

use simulate::{pilot, simulate, Course, Policy, Population, Report};

fn report(population: &Population) -> Report {
    let course = Course::shipped().expect("the shipped library loads");
    let pilot = pilot(&course, population);
    let results = simulate(&course, population, pilot.knowledge());
    Report::new(population, &course, pilot, &results)
}

fn median_sessions(r: &Report, policy: Policy) -> u32 {
    r.groups
        .iter()
        .find(|g| g.group == "All learners" && g.policy == policy)
        .and_then(|g| g.median_sessions)
        .unwrap_or(u32::MAX)
}

#[test]
fn a_small_cohort_gets_ready_sooner_with_the_feed_and_the_run_is_reproducible() {
    let population = Population {
        learners: 40,
        seed: 7,
        pilot_learners: 20,
        ..Population::default()
    };
    let first = report(&population);
    assert_eq!(first.ksbs, 30);
    assert_eq!(first.lessons, 24);
    let feed = median_sessions(&first, Policy::Feed);
    let order = median_sessions(&first, Policy::CourseOrder);
    let random = median_sessions(&first, Policy::Random);
    assert!(
        feed < order && feed < random,
        "feed {feed}, course order {order}, random {random}"
    );
    // Every group has a row per policy, and the engine's predictions were scored.
    assert_eq!(first.groups.len(), 5 * 3);
    assert!(first.calibration.iter().all(|c| c.answers > 1000));
    // The pilot cohort's answers fitted BKT's parameters, judged on its held-out learners.
    let pilot = &first.pilot;
    assert_eq!(pilot.learners, 20);
    assert!(
        pilot.answers > 1000 && pilot.held_out_answers > 0,
        "{pilot:?}"
    );
    assert_eq!(
        pilot.adopted,
        pilot.log_loss_fitted < pilot.log_loss_default
    );

    let again = report(&population);
    assert_eq!(
        serde_json::to_string(&first).expect("json"),
        serde_json::to_string(&again).expect("json")
    );
    let other = report(&Population {
        seed: 8,
        ..population
    });
    assert_ne!(
        serde_json::to_string(&first.groups).expect("json"),
        serde_json::to_string(&other.groups).expect("json")
    );
}
