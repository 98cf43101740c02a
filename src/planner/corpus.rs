//! A realistic stream of agent goals for the plan-cache benchmark: many intents (book, search
//! or cancel flights and hotels, pay, refund, mail, and combinations), several paraphrases
//! each, varied entities (cities, dates, addresses, amounts, references, nights), and near-miss
//! opposites ("… but no hotel", "don't email …", "cancel" instead of "book").
//!
//! Paraphrases and entities are split: the *seen* part warms the cache, the *held-out* part
//! appears only in the evaluation stream, so a hit there is a real generalisation. The stream
//! is a pure function of its seed (the workload's generator, [`crate::workload::Rng`]).

use serde::{Deserialize, Serialize};

use crate::workload::Rng;

/// One goal of a stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorpusGoal {
    pub goal: String,
    /// RFC 3339; relative dates in the goal resolve against it.
    pub timestamp: String,
}

/// A uniformly drawn item of `items` (not empty).
fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.below(items.len() as u64) as usize]
}

/// Which part of the corpus to draw from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// Paraphrases and entities used to warm the cache.
    Seen,
    /// Every paraphrase; only entities never seen in warm-up.
    HeldOut,
}

/// Paraphrases per intent family. Placeholders: `{city}`, `{city2}`, `{date}`, `{email}`,
/// `{nights}`, `{amount}`, `{ref}`. The last paraphrase of each family is held out.
const FAMILIES: &[&[&str]] = &[
    &[
        "Book a flight to {city} {date}",
        "Reserve a plane ticket to {city} {date}",
        "I need a flight to {city} {date}",
        "Please get me a flight to {city} {date}",
        "Could you book me a seat on a flight to {city} {date}",
    ],
    &[
        "Book a flight to {city} {date} and send the confirmation to {email}",
        "Reserve a flight to {city} {date} and email the itinerary to {email}",
        "Get me a plane ticket to {city} {date}, then mail the details to {email}",
        "I want to fly to {city} {date}; send the confirmation to {email}",
    ],
    &[
        "Book a flight from {city2} to {city} {date}",
        "Fly me from {city2} to {city} {date}",
        "Book a flight to {city} from {city2} {date}",
        "I need a plane ticket from {city2} to {city} {date}",
    ],
    &[
        "Find flights to {city} {date}",
        "Search for flights to {city} {date}",
        "Show me flights to {city} {date}",
        "Look up flights to {city} {date}",
    ],
    &[
        "Book a hotel in {city} {date} for {nights} nights",
        "Reserve a room in {city} {date} for {nights} nights",
        "I need a hotel in {city} {date} for {nights} nights",
        "Get me accommodation in {city} {date} for {nights} nights",
    ],
    &[
        "Book a hotel in {city} for {nights} nights and pay {amount}",
        "Reserve a room in {city} for {nights} nights and charge {amount} to my card",
        "Get me a hotel in {city} for {nights} nights, pay {amount}",
    ],
    &[
        "Fly to {city} {date}, book a hotel there, pay with my card and email me at {email}",
        "Book a flight and a hotel in {city} {date}, pay by card and send the receipt to {email}",
        "Reserve a flight and a room in {city} {date}, charge my card and mail the itinerary to {email}",
    ],
    &["Cancel my flight {ref}", "Please cancel flight booking {ref}", "Drop my flight reservation {ref}"],
    &[
        "Cancel my flight {ref} and email the confirmation to {email}",
        "Cancel flight {ref}, then send the cancellation note to {email}",
        "Please cancel my flight booking {ref} and mail {email} the confirmation",
    ],
    &["Cancel my hotel booking {ref}", "Please cancel hotel reservation {ref}", "Cancel the room {ref}"],
    &["Refund payment {ref}", "Please refund payment {ref}", "Reimburse payment {ref}"],
    &["Pay {amount}", "Charge {amount} to my card", "Please pay {amount} by card"],
    // Near-miss opposites of the families above.
    &[
        "Book a flight to {city} {date} but no hotel",
        "Book a flight to {city} {date} without a hotel",
        "Get me a flight to {city} {date} but do not book a hotel",
    ],
    &[
        "Book a flight to {city} {date}, don't email {email}",
        "Reserve a flight to {city} {date} but do not send anything to {email}",
    ],
    &[
        "Cancel the flight to {city} {date}",
        "Cancel my flight to {city} {date}",
        "Please cancel the plane ticket to {city} {date}",
    ],
];

const SEEN_CITIES: &[&str] = &[
    "Paris",
    "Rome",
    "Berlin",
    "Madrid",
    "Lisbon",
    "Vienna",
    "Prague",
    "Oslo",
    "Dublin",
    "Athens",
    "Tokyo",
    "Boston",
    "Chicago",
    "Seattle",
    "Toronto",
    "Sydney",
    "New York",
    "San Francisco",
    "Hong Kong",
    "Mexico City",
];
const HELD_OUT_CITIES: &[&str] = &[
    "Amsterdam",
    "Brussels",
    "Warsaw",
    "Budapest",
    "Helsinki",
    "Zurich",
    "Geneva",
    "Milan",
    "Naples",
    "Porto",
    "Seville",
    "Osaka",
    "Denver",
    "Austin",
    "Montreal",
    "Melbourne",
    "Los Angeles",
    "Buenos Aires",
    "Cape Town",
    "Rio de Janeiro",
];
const DATES: &[&str] = &[
    "tomorrow",
    "today",
    "next Friday",
    "next Monday",
    "on Saturday",
    "this Sunday",
    "on December 3",
    "on March 14th",
    "the day after tomorrow",
    "in 3 days",
    "in two weeks",
    "next week",
];
const HELD_OUT_DATES: &[&str] =
    &["on Tuesday", "next Thursday", "on January 9", "in 5 days", "on 21 February", "next month"];
const NAMES: &[&str] = &["ann", "bob", "carla", "dev", "erin", "farid", "gita", "hugo", "ines", "jon", "kim", "lea"];
const DOMAINS: &[&str] = &["example.com", "example.org", "corp.io", "mail.test"];
const AMOUNTS: &[&str] = &["$120", "$89.50", "300 EUR", "€45", "£60", "1,200 USD", "75 euros", "250 dollars"];
const NIGHTS: &[&str] = &["2", "3", "4", "5", "7", "two", "three", "four"];
/// What people put around a request; none of it is in the planner's lexicon.
const PREFIXES: &[&str] = &["", "", "", "Hey, ", "Hi assistant, ", "Quick one: ", "For my manager: ", "Urgent: "];
const SUFFIXES: &[&str] =
    &["", "", "", " please", ", thanks!", " for my business trip", " as soon as possible", " (work travel)"];

const TIMESTAMPS: &[&str] = &[
    "2026-11-25T10:00:00Z",
    "2026-11-27T08:30:00Z",
    "2026-12-01T17:45:00Z",
    "2026-12-31T23:10:00Z",
    "2027-02-14T12:00:00Z",
];

fn reference(rng: &mut Rng, prefix: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let tail: String = (0..8).map(|_| *pick(rng, ALPHABET) as char).collect();
    format!("{prefix}-{tail}")
}

/// One goal drawn from `split`.
pub fn goal(rng: &mut Rng, split: Split) -> CorpusGoal {
    let family = pick(rng, FAMILIES);
    let paraphrase = match split {
        Split::Seen => family[rng.below(family.len() as u64 - 1) as usize],
        Split::HeldOut => *pick(rng, family),
    };
    let (cities, dates) = match split {
        Split::Seen => (SEEN_CITIES, DATES),
        Split::HeldOut => (HELD_OUT_CITIES, HELD_OUT_DATES),
    };
    let city = *pick(rng, cities);
    let mut city2 = *pick(rng, cities);
    while city2 == city {
        city2 = *pick(rng, cities);
    }
    let email = format!("{}{}@{}", pick(rng, NAMES), rng.below(100), pick(rng, DOMAINS));
    let prefix = if paraphrase.contains("hotel") || paraphrase.contains("room") {
        "HT"
    } else if paraphrase.contains("ayment") {
        "PM"
    } else {
        "FL"
    };
    let (date, nights, amount) = (pick(rng, dates), pick(rng, NIGHTS), pick(rng, AMOUNTS));
    let text = paraphrase
        .replace("{city2}", city2)
        .replace("{city}", city)
        .replace("{date}", date)
        .replace("{email}", &email)
        .replace("{nights}", nights)
        .replace("{amount}", amount)
        .replace("{ref}", &reference(rng, prefix));
    let text = format!("{}{text}{}", pick(rng, PREFIXES), pick(rng, SUFFIXES));
    CorpusGoal { goal: text, timestamp: (*pick(rng, TIMESTAMPS)).to_owned() }
}

/// `n` goals from `split`.
pub fn stream(seed: u64, n: usize, split: Split) -> Vec<CorpusGoal> {
    let mut rng = Rng::new(seed);
    (0..n).map(|_| goal(&mut rng, split)).collect()
}

/// Distinct synthetic template texts for filling an index to size (latency at scale): the
/// corpus's templates with a numbered qualifier, so none equals another.
pub fn filler_templates(n: usize, seed: u64) -> Vec<String> {
    const QUALIFIERS: &[&str] = &[
        "urgently",
        "for my manager",
        "for the offsite",
        "for the team",
        "for a conference",
        "for a wedding",
        "on budget",
    ];
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|i| {
            let family = pick(&mut rng, FAMILIES);
            let paraphrase = pick(&mut rng, family);
            format!("{paraphrase} {} batch {i}", pick(&mut rng, QUALIFIERS))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::time::Timestamp;
    use crate::planner::builtin;
    use crate::planner::template::extract;

    #[test]
    fn streams_are_a_function_of_the_seed() {
        assert_eq!(stream(7, 50, Split::Seen), stream(7, 50, Split::Seen));
        assert_ne!(stream(7, 50, Split::Seen), stream(8, 50, Split::Seen));
    }

    #[test]
    fn held_out_goals_use_entities_never_seen_in_warm_up() {
        for g in stream(3, 500, Split::HeldOut) {
            assert!(!SEEN_CITIES.iter().any(|c| g.goal.contains(&format!(" {c}"))), "{}", g.goal);
        }
    }

    #[test]
    fn the_builtin_planner_plans_every_goal_of_the_corpus() {
        for g in stream(11, 2000, Split::HeldOut).into_iter().chain(stream(12, 2000, Split::Seen)) {
            let now = Timestamp::parse_rfc3339(&g.timestamp).unwrap();
            assert!(builtin::plan(&extract(&g.goal, now)).is_ok(), "{}", g.goal);
        }
    }
}
