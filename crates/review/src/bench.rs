//! Benchmark helpers: a large, realistic synthetic handbook and a plain
//! `RegexSet` scan to compare the review against.
//!
//! The handbook mixes coercive and voluntary rules, headings, bullets,
//! numbered items and prose, with varied numbers and names, so that the
//! matcher sees the kind of text it meets in practice rather than one line
//! repeated.

use regex::RegexSet;

use crate::rules::{build_set, Rules};

const SECTIONS: &[&str] = &[
    "Welcome",
    "Daily Life",
    "Phones and Technology",
    "Visitors and Contact",
    "Coming and Going",
    "Groups and Services",
    "Faith and Spiritual Life",
    "Health and Medications",
    "Money",
    "Work and School",
    "Safety",
    "Leaving the Program",
    "Your Rights",
    "Shared Spaces",
];

/// Rule templates. `{n}`, `{t}` and `{d}` are filled with a number, a time
/// and a day so repeated rules differ. The first list holds rules that make
/// help conditional or controlling, the second voluntary wording and the
/// ordinary house information every handbook carries.
const COERCIVE: &[&str] = &[
    "Residents must attend all scheduled groups, including {n} recovery meetings per week.",
    "All cell phones are turned in to staff at intake and returned after {n} days.",
    "Curfew is {t} on weeknights and residents who return late will receive a write-up.",
    "No visitors are permitted during the first {n} days of the program.",
    "Chapel is held every {d} evening and attendance is mandatory for all residents.",
    "Residents must complete assigned chores before leaving the house each day.",
    "Random drug testing may be conducted at any time, and refusal is treated as a positive result.",
    "Passports, IDs and immigration papers are kept in the office for safekeeping.",
    "Residents who break house rules three times will be discharged from the program.",
    "Staff may search rooms and belongings at any time without notice.",
    "Residents must deposit {n}% of all income into a program savings account.",
    "Residents are expected to find full-time employment within {n} days of arrival.",
    "Obey all staff instructions without argument; staff decisions are final.",
    "All medications must be handed in to staff and will be dispensed at set times.",
    "Applicants with felony convictions or outstanding warrants will not be accepted.",
    "Residents are expected to share their stories at donor events and church presentations.",
    "Continued housing is contingent on cooperating with law enforcement and testifying if asked.",
    "Residents must maintain complete sobriety; any use of alcohol or drugs results in discharge.",
    "Residents must be escorted by staff whenever they leave the property during phase one.",
    "Modest dress is required at all times and no makeup may be worn.",
    "Phone privileges are earned after completing phase {n}.",
    "Mail will be opened and read by staff before it is given to residents.",
    "Residents must sign out with their destination and expected return time.",
];

const VOLUNTARY: &[&str] = &[
    "Case management meetings are available every {d}; come whenever it helps you.",
    "You keep your own phone, and staff can help you with a tech-safety plan if you want one.",
    "You can come and go at any hour; let us know if you will be away overnight so we can hold your bed.",
    "Visitors are welcome in the living room between {t} and 9 p.m.",
    "Bible study on {d} is open to anyone who would like to join.",
    "Residents are not required to attend chapel or any religious activity to stay here.",
    "We share the upkeep of the house using a chore chart that residents design together.",
    "We do not drug test residents, and harm reduction supplies are available on request.",
    "Your documents stay with you; a personal lockbox is available if you would like one.",
    "Before anyone is asked to leave, we talk it through, give written notice and offer an appeal.",
    "Your room is private, and staff will not enter without your permission except in an emergency.",
    "Financial coaching is offered if you want help with budgeting or credit.",
    "If you want help finding work or going back to school, our job coach can meet with you.",
    "If you disagree with a decision, you can use the grievance process without fear of reprisal.",
    "You manage your own medications, and each room has a locked drawer for them.",
    "We welcome survivors whatever their record, income or immigration status.",
    "Sharing your story is never expected, and you can say no at any time.",
    "Our services never depend on reporting to police or working with the courts.",
    "Using substances is not by itself a reason to lose housing here.",
    "What you wear and who you spend time with are your own choices.",
    "You have the right to refuse any service without losing your housing.",
    "Dinner is served at {t} in the dining room, and leftovers are labeled in the fridge.",
    "Quiet hours begin at 10 p.m. so everyone can rest.",
    "The laundry room is open from {t} until 10 p.m. every day.",
    "Please label food you keep in the shared refrigerator.",
    "Towels and bedding are changed every {d}.",
    "The front desk has bus schedules, stamps and envelopes.",
    "Please tell staff about anything in your room that needs repair.",
    "Smoking is allowed only in the back courtyard, away from windows.",
    "The nearest pharmacy is two blocks north, and the clinic is open until {t}.",
];

/// Prose of the kind that fills real handbooks between the rules.
const PROSE: &[&str] = &[
    "This house is a shared home for women rebuilding their lives after exploitation. The staff and residents who came before you wrote this handbook so that you know what to expect in your first days here.",
    "Most of what happens in the house is ordinary: cooking, laundry, talking in the kitchen late at night. When questions come up, the people around you are the best place to start.",
    "We know that arriving somewhere new can be overwhelming. Take your time to settle in, rest, and ask about anything that is unclear.",
    "Our advocates have worked with survivors for many years and bring experience from housing, health care, legal aid and peer support.",
    "The house has six bedrooms, two shared bathrooms on each floor, a large kitchen, a quiet room with books and a small garden behind the porch.",
    "You can reach the office at the number on the back of this handbook. After hours, the staff member on duty carries the house cell phone.",
    "Community partners include a free clinic, a legal aid office, an adult education center and two local congregations that donate meals each month.",
];

const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const TIMES: &[&str] = &[
    "5:30 p.m.",
    "6 p.m.",
    "7:00 pm",
    "8 p.m.",
    "9:30 p.m.",
    "10 p.m.",
];

/// A synthetic handbook of at least `target_bytes` bytes (Markdown), built
/// deterministically from varied coercive and voluntary rules.
pub fn bench_handbook(target_bytes: usize) -> String {
    let mut out = String::with_capacity(target_bytes + 4096);
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    out.push_str("# Resident Handbook (synthetic benchmark text)\n\n");
    let mut section = 0usize;
    let fill = |tpl: &str, rng: &mut XorShift| {
        tpl.replace("{n}", &(2 + rng.next() % 88).to_string())
            .replace("{t}", TIMES[(rng.next() % TIMES.len() as u64) as usize])
            .replace("{d}", DAYS[(rng.next() % DAYS.len() as u64) as usize])
    };
    while out.len() < target_bytes {
        let title = SECTIONS[section % SECTIONS.len()];
        section += 1;
        out.push_str(&format!("## {} {}\n\n", section, title));
        // An introduction of one or two paragraphs.
        for _ in 0..1 + rng.next() % 2 {
            out.push_str(PROSE[(rng.next() % PROSE.len() as u64) as usize]);
            out.push_str("\n\n");
        }
        let items = 6 + (rng.next() % 8) as usize;
        let numbered = rng.next().is_multiple_of(3);
        for i in 0..items {
            // About one rule in three makes help conditional or controlling.
            let tpl = if rng.next().is_multiple_of(3) {
                COERCIVE[(rng.next() % COERCIVE.len() as u64) as usize]
            } else {
                VOLUNTARY[(rng.next() % VOLUNTARY.len() as u64) as usize]
            };
            let rule = fill(tpl, &mut rng);
            if numbered {
                out.push_str(&format!("{}. {}\n", i + 1, rule));
            } else if rng.next().is_multiple_of(5) {
                // Some rules appear as prose.
                out.push_str(&rule);
                out.push_str(" Talk with staff if you have questions about this.\n\n");
            } else {
                out.push_str(&format!("- {}\n", rule));
            }
        }
        out.push('\n');
    }
    out
}

/// One unbroken line of at least `target_bytes` bytes: the same coercive
/// sentence repeated with no newline, the shape of a PDF whose line breaks
/// were lost. Every sentence is a finding, so this is the worst case for
/// the work done per finding.
pub fn one_line_sentences(target_bytes: usize) -> String {
    repeat_to("You must attend chapel every Sunday. ", target_bytes)
}

/// One sentence of at least `target_bytes` bytes with no sentence break at
/// all (clauses joined by "and"): one segment as long as the document, the
/// worst case for the work done inside one segment.
pub fn one_long_sentence(target_bytes: usize) -> String {
    repeat_to(
        "residents must attend chapel every sunday and ",
        target_bytes,
    )
}

fn repeat_to(unit: &str, target_bytes: usize) -> String {
    unit.repeat(target_bytes.div_ceil(unit.len()).max(1))
}

/// A plain `RegexSet` over every cue phrase of `rules` (topics, obligation,
/// freeing and forbidding cues), with the same compile settings as the
/// review. Benchmarks scan a text with it once to compare against `review`.
pub fn cue_regexset(rules: &Rules) -> RegexSet {
    build_set(rules.cue_patterns()).expect("cue patterns compile")
}

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handbook_reaches_size_and_has_findings() {
        let h = bench_handbook(20_000);
        assert!(h.len() >= 20_000);
        let r = crate::review(&h);
        assert!(r.summary.flagged_clauses > 20);
        let set = cue_regexset(Rules::default_rules());
        assert!(set.len() > 300);
        assert!(set.is_match(&crate::normalize::normalize(&h[..2000])));
    }
}
