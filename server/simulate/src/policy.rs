//! What a simulated apprentice is shown next: Flowline's feed (the server's ranking, five at a
//! time like the phone's reel), the course in order, or lessons at random.

use super::course::Course;
use super::rng::Rng;
use chrono::NaiveDate;
use flowline_core::domain::next::{self, LearnerNow};
use serde::Serialize;
use services::learning::feed::FEED_SIZE;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Flowline's feed: `domain::next::whats_next` on the engine's state.
    Feed,
    /// The lessons in KSB order, one pass, then again from the start.
    CourseOrder,
    /// Any lesson, at random (never the same twice in a row).
    Random,
}

impl Policy {
    pub const ALL: [Policy; 3] = [Policy::Feed, Policy::CourseOrder, Policy::Random];

    pub fn label(self) -> &'static str {
        match self {
            Policy::Feed => "Flowline feed",
            Policy::CourseOrder => "Course order",
            Policy::Random => "Random",
        }
    }
}

/// One apprentice's way through the lessons under a policy.
pub struct Chooser<'a> {
    policy: Policy,
    course: &'a Course,
    by_id: HashMap<&'a str, usize>,
    /// The feed's answer still to play (lesson indices), or the course's position.
    queue: Vec<usize>,
    cursor: usize,
    last: Option<usize>,
    rng: Rng,
}

impl<'a> Chooser<'a> {
    pub fn new(policy: Policy, course: &'a Course, rng: Rng) -> Self {
        Chooser {
            policy,
            course,
            by_id: course
                .lessons
                .iter()
                .enumerate()
                .map(|(i, l)| (l.id.as_str(), i))
                .collect(),
            queue: Vec::new(),
            cursor: 0,
            last: None,
            rng,
        }
    }

    /// A new session begins: the phone opens the feed afresh.
    pub fn open(&mut self) {
        self.queue.clear();
    }

    /// The next lesson; `now` gives the learner's map when the feed must be asked.
    pub fn next(
        &mut self,
        learner: &str,
        day: NaiveDate,
        now: impl FnOnce() -> LearnerNow,
    ) -> usize {
        let lessons = self.course.lessons.len();
        let pick = match self.policy {
            Policy::Feed => {
                if self.queue.is_empty() {
                    let picks = next::whats_next(
                        &self.course.ksbs,
                        &self.course.lessons,
                        &now(),
                        next::seed(learner, day),
                        FEED_SIZE,
                    );
                    self.queue = picks
                        .iter()
                        .rev()
                        .filter_map(|p| self.by_id.get(p.lesson_id.as_str()).copied())
                        .collect();
                }
                self.queue.pop().unwrap_or(0)
            }
            Policy::CourseOrder => {
                let l = self.course.course_order[self.cursor % lessons];
                self.cursor += 1;
                l
            }
            Policy::Random => loop {
                let l = self.rng.below(lessons);
                if lessons < 2 || Some(l) != self.last {
                    break l;
                }
            },
        };
        self.last = Some(pick);
        pick
    }
}
