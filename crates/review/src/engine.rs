//! The matcher: deciding, sentence by sentence, whether a rule makes help
//! conditional or controlling, and in which category.
//!
//! For each segment from the splitter:
//!
//! 1. The segment is normalised (lowercase, contractions expanded, …).
//! 2. One `RegexSet` pass over the category cues (one alternation per
//!    category and kind) tells which categories are mentioned at all. About
//!    half the sentences of a handbook stop here.
//! 3. For the rest, each mentioned category's regex is run for positions,
//!    and a second `RegexSet` pass finds the groups of obligation, strong
//!    obligation, freeing and forbidding cues present; only the groups that
//!    hit are then run for positions.
//! 4. Overlapping cues of one kind are merged; across kinds the longest
//!    wins. That is how negation works both ways: "not required" (freeing)
//!    beats "required", while "is not optional" (obligation) beats
//!    "optional".
//! 5. The sentence is cut into clauses at `;`, "but", "however", "except",
//!    "although", so "you may leave at any time, but you will not be allowed
//!    to return until morning" is judged clause by clause.
//! 6. Each category mention is then judged (see `Judge::decide`), fallback
//!    categories are dropped when a specific one is present, and a finding is
//!    made for each remaining category, the most specific first.

use crate::normalize::normalize_into;
use crate::report::{Finding, Report};
use crate::rules::{ModalKind, Rules, TopicKind};
use crate::split::{split, SegmentKind};

/// Review `text` with the default rules.
pub fn review(text: &str) -> Report {
    Rules::default_rules().review(text)
}

/// What a heading or lead-in line ("The following are required:") says
/// about the list under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Obligation,
    Freeing,
}

#[derive(Debug, Clone, Copy)]
struct ModalSpan {
    start: usize,
    end: usize,
    kind: ModalKind,
}

#[derive(Debug, Clone, Copy)]
struct TopicSpan {
    category: usize,
    start: usize,
    end: usize,
    strong: bool,
}

/// Buffers reused across segments so a long handbook allocates little.
#[derive(Default)]
struct Scratch {
    norm: String,
    modal: Vec<ModalSpan>,
    topics: Vec<TopicSpan>,
    clauses: Vec<Clause>,
    /// Clause index of each entry of `modal`.
    modal_clause: Vec<usize>,
    /// Per category: coercive?, first coercive mention, named by a strong cue?
    coercive: Vec<bool>,
    first_pos: Vec<usize>,
    strong_hit: Vec<bool>,
    /// Work space for overlap resolution.
    spare: Vec<ModalSpan>,
}

impl Rules {
    /// Review `text` with these rules.
    pub fn review(&self, text: &str) -> Report {
        let language = crate::language::identify(text);
        if !language.covered {
            return Report::unsupported_language(language);
        }
        let segments = split(text);
        let mut findings = Vec::new();
        let mut scratch = Scratch::default();
        let mut heading_ctx: Option<Context> = None;
        let mut lead_ctx: Option<Context> = None;
        for seg in &segments {
            normalize_into(seg.text, &mut scratch.norm);
            let is_lead_in = seg.text.trim_end().ends_with(':');
            let wants_ctx = seg.kind == SegmentKind::Heading || is_lead_in;
            // Only list items take their obligation from the line above
            // them; a paragraph sentence must carry its own.
            let inherited = match seg.kind {
                SegmentKind::ListItem => lead_ctx.or(heading_ctx),
                SegmentKind::Sentence | SegmentKind::Heading => None,
            };
            let (cats, own_ctx) = self.judge(&mut scratch, inherited, wants_ctx);
            match seg.kind {
                SegmentKind::Heading => {
                    heading_ctx = own_ctx;
                    lead_ctx = None;
                }
                SegmentKind::Sentence if is_lead_in => lead_ctx = own_ctx,
                SegmentKind::Sentence => lead_ctx = None,
                SegmentKind::ListItem if is_lead_in => lead_ctx = own_ctx,
                SegmentKind::ListItem => {}
            }
            for ci in cats {
                let c = &self.categories[ci];
                findings.push(Finding {
                    category: c.id.clone(),
                    title: c.title.clone(),
                    severity: c.severity,
                    line: seg.line,
                    start: seg.start,
                    end: seg.end,
                    text: seg.text.to_string(),
                    explanation: c.explanation.clone(),
                    alternative: c.alternative.clone(),
                    standards: c.standards_display.clone(),
                    order: 0,
                });
            }
        }
        let mut report = Report::from_findings(findings, segments.len());
        report.language = language;
        report
    }

    /// Judge the normalised segment in `s.norm`. Returns the coercive
    /// categories (most serious first, then by first mention) and the
    /// context the segment sets for a list below it.
    fn judge(
        &self,
        s: &mut Scratch,
        inherited: Option<Context>,
        wants_ctx: bool,
    ) -> (Vec<usize>, Option<Context>) {
        let norm = s.norm.as_str();
        let topic_hits = self.topic_set.matches(norm);
        if !topic_hits.matched_any() && !wants_ctx {
            return (Vec::new(), None);
        }

        s.topics.clear();
        s.modal.clear();
        for idx in topic_hits.iter() {
            let t = &self.topics[idx];
            let strong = t.kind == TopicKind::Strong;
            let enforces = strong && self.categories[t.category].enforces;
            for m in t.re.find_iter(norm) {
                s.topics.push(TopicSpan {
                    category: t.category,
                    start: m.start(),
                    end: m.end(),
                    strong,
                });
                if enforces {
                    s.modal.push(ModalSpan {
                        start: m.start(),
                        end: m.end(),
                        kind: ModalKind::StrongObligation,
                    });
                }
            }
        }
        drop_contained_topics(&mut s.topics);
        let modal_hits = self.modal_set.matches(norm);
        for idx in modal_hits.iter() {
            let m = &self.modals[idx];
            for f in m.re.find_iter(norm) {
                if f.end() > f.start() {
                    s.modal.push(ModalSpan {
                        start: f.start(),
                        end: f.end(),
                        kind: m.kind,
                    });
                }
            }
        }
        drop_negated_freedoms(norm, &mut s.modal);
        resolve_overlaps(&mut s.modal, &mut s.spare);
        absorb_negated_modals(norm, &mut s.modal);
        if s.topics.is_empty() {
            // A line with no topic of its own ("Requirements:", "What we
            // offer") sets the tone for the list below it.
            return (Vec::new(), context_of(&s.modal));
        }
        // A line that is itself a rule does not set context.
        let own_ctx = None;

        clause_bounds(norm, &mut s.clauses);
        s.modal_clause.clear();
        for m in &s.modal {
            let ci = clause_index(&s.clauses, m.start);
            s.modal_clause.push(ci);
        }
        let mut forbidden = 0u64; // bit per clause (sentences rarely have many)
        for (m, &ci) in s.modal.iter().zip(&s.modal_clause) {
            if m.kind == ModalKind::Forbidding && ci < 64 {
                forbidden |= 1 << ci;
            }
        }
        let judge = Judge {
            norm,
            modal: &s.modal,
            modal_clause: &s.modal_clause,
            clauses: &s.clauses,
            forbidden,
            inherited,
        };

        // Decide per category: coercive if any mention is judged coercive.
        let n = self.categories.len();
        let (coercive, first_pos, strong_hit) =
            (&mut s.coercive, &mut s.first_pos, &mut s.strong_hit);
        coercive.clear();
        coercive.resize(n, false);
        first_pos.clear();
        first_pos.resize(n, usize::MAX);
        strong_hit.clear();
        strong_hit.resize(n, false);
        for t in &s.topics {
            if judge.decide(t) {
                coercive[t.category] = true;
                first_pos[t.category] = first_pos[t.category].min(t.start);
                strong_hit[t.category] |= t.strong;
            }
        }
        // Yielding and fallback categories.
        // Yielding is decided on the verdicts before any is withdrawn.
        let mut yielding = 0u64;
        for (ci, c) in self.categories.iter().enumerate() {
            if ci < 64 && coercive[ci] && c.yields_to.iter().any(|&y| coercive[y]) {
                yielding |= 1 << ci;
            }
        }
        for (ci, flag) in coercive.iter_mut().enumerate() {
            if ci < 64 && yielding & (1 << ci) != 0 {
                *flag = false;
            }
        }
        // Fallback categories (threat of exit, demands for obedience) give
        // way to a specific one, unless a strong cue of theirs opens the
        // sentence ("Immediate discharge will result from fighting, drug use
        // or leaving without permission").
        let first_specific = (0..n)
            .filter(|&ci| coercive[ci] && !self.categories[ci].fallback)
            .map(|ci| first_pos[ci])
            .min();
        if let Some(first_specific) = first_specific {
            for (ci, c) in self.categories.iter().enumerate() {
                if c.fallback && coercive[ci] {
                    let leads = s
                        .topics
                        .iter()
                        .filter(|t| t.category == ci && t.strong)
                        .map(|t| t.start)
                        .min()
                        .is_some_and(|p| p < first_specific);
                    if !leads {
                        coercive[ci] = false;
                    }
                }
            }
        }
        let mut cats: Vec<usize> = (0..n).filter(|&ci| coercive[ci]).collect();
        // A category named by a strong cue is the more specific reading of
        // the sentence; then red lines before concerns; then first mention.
        let leading_fallback = |ci: usize| self.categories[ci].fallback && first_specific.is_some();
        cats.sort_by_key(|&ci| {
            (
                !leading_fallback(ci),
                !strong_hit[ci],
                self.categories[ci].severity,
                first_pos[ci],
            )
        });
        (cats, own_ctx)
    }
}

impl Rules {
    /// A developer's view of how one sentence is judged: the normalised
    /// text, the cues found, the clauses and the verdict. Used when tuning
    /// rules; the format may change.
    #[doc(hidden)]
    pub fn explain(&self, sentence: &str) -> String {
        let mut s = Scratch::default();
        normalize_into(sentence, &mut s.norm);
        let (cats, _) = self.judge(&mut s, None, true);
        let mut out = format!("norm: {}\n", s.norm);
        clause_bounds(&s.norm, &mut s.clauses);
        for c in &s.clauses {
            out.push_str(&format!("clause: {:?}\n", &s.norm[c.start..c.end]));
        }
        for t in &s.topics {
            out.push_str(&format!(
                "topic {}{}: {:?}\n",
                self.categories[t.category].id,
                if t.strong { " (strong)" } else { "" },
                &s.norm[t.start..t.end]
            ));
        }
        for m in &s.modal {
            out.push_str(&format!("{:?}: {:?}\n", m.kind, &s.norm[m.start..m.end]));
        }
        let ids: Vec<&str> = cats
            .iter()
            .map(|&c| self.categories[c].id.as_str())
            .collect();
        out.push_str(&format!("=> {ids:?}\n"));
        out
    }
}

/// Drop a category mention that sits inside a longer strong cue of another
/// category: "therapy" inside "work therapy" is about work, not counseling.
fn drop_contained_topics(topics: &mut Vec<TopicSpan>) {
    if topics.len() < 2 || !topics.iter().any(|t| t.strong) {
        return;
    }
    let mut i = 0;
    while i < topics.len() {
        let t = topics[i];
        let inside = topics.iter().any(|s| {
            s.strong
                && s.category != t.category
                && s.start <= t.start
                && t.end <= s.end
                && (s.end - s.start) > (t.end - t.start)
        });
        if inside {
            topics.remove(i);
        } else {
            i += 1;
        }
    }
}

/// "shall not be a prerequisite": a bare modal right before a freeing cue
/// that starts with "not" or "never" belongs to that negation, not to an
/// obligation of its own.
fn absorb_negated_modals(norm: &str, spans: &mut Vec<ModalSpan>) {
    let mut i = 0;
    while i + 1 < spans.len() {
        let (a, b) = (spans[i], spans[i + 1]);
        let absorbed = a.kind == ModalKind::Obligation
            && b.kind == ModalKind::Freeing
            && b.start <= a.end + 1
            && matches!(
                &norm[a.start..a.end],
                "shall" | "will" | "must" | "should" | "may" | "can" | "would" | "could"
            )
            && (norm[b.start..].starts_with("not ") || norm[b.start..].starts_with("never "));
        if absorbed {
            spans.remove(i);
        } else {
            i += 1;
        }
    }
}

/// "not allowed to keep their own passports": a freeing cue that an
/// obligation with a negation runs into is itself negated, so the obligation
/// stands whatever the lengths.
fn drop_negated_freedoms(norm: &str, spans: &mut Vec<ModalSpan>) {
    if spans.len() < 2 {
        return;
    }
    let negating: Vec<(usize, usize)> = spans
        .iter()
        .filter(|o| {
            matches!(
                o.kind,
                ModalKind::Obligation | ModalKind::StrongObligation | ModalKind::Conditional
            )
        })
        .map(|o| (o.start, o.end))
        .collect();
    spans.retain(|f| {
        f.kind != ModalKind::Freeing
            || !negating.iter().any(|&(os, oe)| {
                os < f.start && f.start < oe && {
                    let lead = &norm[os..f.start];
                    lead.contains("not ") || lead.contains("never ") || lead.starts_with("no ")
                }
            })
    });
}

/// Keep the longest cue where cues overlap; on equal length, forbidding
/// beats strong obligation beats freeing beats obligation.
fn resolve_overlaps(spans: &mut Vec<ModalSpan>, kept: &mut Vec<ModalSpan>) {
    if spans.len() < 2 {
        return;
    }
    let prio = |k: ModalKind| match k {
        ModalKind::Forbidding => 0,
        ModalKind::StrongObligation | ModalKind::Conditional => 1,
        ModalKind::Freeing => 2,
        ModalKind::Obligation => 3,
    };
    // Overlapping cues of the same kind describe one phrase: join them, so
    // "ask someone to leave only when" + "only when there is a serious
    // safety risk" compete as one freeing phrase.
    spans.sort_unstable_by_key(|m| (m.kind as u8, m.start));
    kept.clear();
    for sp in spans.iter() {
        match kept.last_mut() {
            Some(last) if last.kind == sp.kind && sp.start < last.end => {
                last.end = last.end.max(sp.end)
            }
            _ => kept.push(*sp),
        }
    }
    std::mem::swap(spans, kept);
    spans.sort_unstable_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(prio(a.kind).cmp(&prio(b.kind)))
            .then(a.start.cmp(&b.start))
    });
    kept.clear();
    for sp in spans.iter() {
        if kept.iter().all(|k| sp.end <= k.start || sp.start >= k.end) {
            kept.push(*sp);
        }
    }
    kept.sort_unstable_by_key(|k| k.start);
    std::mem::swap(spans, kept);
}

fn context_of(modal: &[ModalSpan]) -> Option<Context> {
    let obl = modal.iter().any(|m| {
        matches!(
            m.kind,
            ModalKind::Obligation | ModalKind::StrongObligation | ModalKind::Conditional
        )
    });
    let free = modal
        .iter()
        .any(|m| matches!(m.kind, ModalKind::Freeing | ModalKind::Forbidding));
    match (obl, free) {
        (true, false) => Some(Context::Obligation),
        (false, true) => Some(Context::Freeing),
        _ => None,
    }
}

/// Clause boundaries inside a normalised sentence. Each clause records
/// whether it starts after a semicolon (a plain continuation) rather than a
/// contrast word ("but", "except", ...). One pass over the bytes: this runs
/// for every sentence that mentions a topic.
fn clause_bounds(norm: &str, out: &mut Vec<Clause>) {
    out.clear();
    // Most sentences have no clause marker at all: check with fast substring
    // searches before walking the bytes.
    if !norm.contains(';')
        && !["but ", "however", "except ", "though ", "whereas "]
            .iter()
            .any(|w| norm.contains(w))
    {
        out.push(Clause {
            start: 0,
            end: norm.len(),
            after_semicolon: false,
        });
        return;
    }
    const WORDS: &[&[u8]] = &[
        b"but ",
        b"however",
        b"except ",
        b"although ",
        b"though ",
        b"whereas ",
    ];
    let b = norm.as_bytes();
    let mut start = 0usize;
    let mut after_semicolon = false;
    let mut i = 0usize;
    while i < b.len() {
        let c = b[i];
        let cut = match c {
            b';' if b.get(i + 1) == Some(&b' ') => Some(true),
            b' ' | b'('
                if matches!(b.get(i + 1), Some(b'b' | b'h' | b'e' | b'a' | b't' | b'w')) =>
            {
                let rest = &b[i + 1..];
                if WORDS.iter().any(|w| rest.starts_with(w)) {
                    Some(false)
                } else {
                    None
                }
            }
            _ => None,
        };
        if let Some(semi) = cut {
            // ", however" cuts at the comma
            let at = if i > 0 && b[i - 1] == b',' { i - 1 } else { i };
            if at > start {
                out.push(Clause {
                    start,
                    end: at,
                    after_semicolon,
                });
                start = at;
                after_semicolon = semi;
            }
        }
        i += 1;
    }
    out.push(Clause {
        start,
        end: norm.len(),
        after_semicolon,
    });
}

#[derive(Debug, Clone, Copy)]
struct Clause {
    start: usize,
    end: usize,
    after_semicolon: bool,
}

fn clause_index(clauses: &[Clause], pos: usize) -> usize {
    clauses
        .iter()
        .position(|c| pos >= c.start && pos < c.end)
        .unwrap_or(clauses.len() - 1)
}

struct Judge<'a> {
    norm: &'a str,
    modal: &'a [ModalSpan],
    modal_clause: &'a [usize],
    clauses: &'a [Clause],
    /// Bit `i` set: clause `i` holds a forbidding cue.
    forbidden: u64,
    inherited: Option<Context>,
}

impl Judge<'_> {
    fn clause_of(&self, pos: usize) -> usize {
        clause_index(self.clauses, pos)
    }

    fn forbidden_clause(&self, ci: usize) -> bool {
        ci < 64 && self.forbidden & (1 << ci) != 0
    }

    /// Freeing and plain obligation cues of clause `ci`.
    fn cues_in(&self, ci: usize) -> impl Iterator<Item = &ModalSpan> + Clone + '_ {
        self.modal
            .iter()
            .zip(self.modal_clause)
            .filter(move |(m, &c)| {
                c == ci && matches!(m.kind, ModalKind::Freeing | ModalKind::Obligation)
            })
            .map(|(m, _)| m)
    }

    /// Is this mention of a category coercive?
    ///
    /// * A forbidding cue in its clause ("programs must not require …")
    ///   means the condition is quoted in order to ban it: no.
    /// * A strong obligation anywhere in the sentence (approval, discretion,
    ///   earned privileges, a threat of discharge): yes.
    /// * Otherwise the cues of its own clause decide (see [`Judge::govern`]).
    /// * With no cue in its own clause, a strong cue ("curfew", "blackout
    ///   period") is coercive by itself; a plain topic takes the cues of the
    ///   next clause that has any ("Chapel is held nightly, but attendance is
    ///   optional"), or of the clause before a semicolon, and last of all the
    ///   heading or lead-in line above a list item. A topic after "but" or
    ///   "except" does not take the cues before it.
    fn decide(&self, t: &TopicSpan) -> bool {
        let ci = self.clause_of(t.start);
        if self.forbidden_clause(ci) {
            return false;
        }
        let strong = |m: &ModalSpan, c: usize| match m.kind {
            ModalKind::StrongObligation => true,
            // "if you miss a class" is a threat unless the same clause says
            // nothing bad follows ("you will not lose your bed").
            ModalKind::Conditional => !self
                .modal
                .iter()
                .zip(self.modal_clause)
                .any(|(f, &fc)| fc == c && f.kind == ModalKind::Freeing),
            _ => false,
        };
        if self
            .modal
            .iter()
            .zip(self.modal_clause)
            .any(|(m, &c)| !self.forbidden_clause(c) && strong(m, c))
        {
            return true;
        }
        let own = self.cues_in(ci);
        if own.clone().next().is_some() {
            return self.govern(t, own) == ModalKind::Obligation;
        }
        if t.strong {
            return true;
        }
        for k in ci + 1..self.clauses.len() {
            if self.forbidden_clause(k) {
                continue;
            }
            let cues = self.cues_in(k);
            if cues.clone().next().is_some() {
                return self.govern(t, cues) == ModalKind::Obligation;
            }
        }
        if ci > 0 && self.clauses[ci].after_semicolon && !self.forbidden_clause(ci - 1) {
            let cues = self.cues_in(ci - 1);
            if cues.clone().next().is_some() {
                return self.govern(t, cues) == ModalKind::Obligation;
            }
        }
        self.inherited == Some(Context::Obligation)
    }

    /// Is cue `a` a predicate about the mention `t`: at most two words after
    /// it, starting with a verb such as "is", "are", "must" ("chores are
    /// required", "chapel is optional", "phones must be turned in")?
    fn is_predicate(&self, t: &TopicSpan, a: &ModalSpan) -> bool {
        let tail = self.norm.get(t.end.min(a.start)..a.end).unwrap_or("");
        let between_words = self
            .norm
            .get(t.end.min(a.start)..a.start)
            .unwrap_or("")
            .split_whitespace()
            .count();
        let first = tail
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap_or("");
        between_words <= 2
            && matches!(
                first,
                "is" | "are"
                    | "was"
                    | "were"
                    | "will"
                    | "must"
                    | "shall"
                    | "should"
                    | "may"
                    | "can"
                    | "cannot"
                    | "remain"
                    | "remains"
                    | "stay"
                    | "stays"
                    | "become"
                    | "becomes"
                    | "has"
                    | "have"
                    | "need"
                    | "needs"
                    | "do"
                    | "does"
                    | "get"
                    | "gets"
                    | "require"
                    | "requires"
                    | "never"
                    | "not"
                    | "always"
                    | "only"
                    | "strictly"
            )
    }

    /// Which of `cues` (freeing or obligation) governs the mention `t`.
    ///
    /// Modal words mostly scope to the right ("not required to attend
    /// chapel, Bible study or prayer"), so the nearest cue *before* the
    /// mention wins. The exception is a predicate right after the topic
    /// ("chores are required", "chapel is optional"): a cue at most two
    /// words after the mention and starting with a verb governs it. With no
    /// cue before, the nearest cue after it decides.
    fn govern<'m>(
        &self,
        t: &TopicSpan,
        cues: impl Iterator<Item = &'m ModalSpan> + Clone,
    ) -> ModalKind {
        // A cue that contains or overlaps the mention ("will not be drug
        // tested", "keep their own phones") speaks about it directly.
        if let Some(o) = cues
            .clone()
            .filter(|m| m.start < t.end && t.start < m.end)
            .max_by_key(|m| m.end - m.start)
        {
            return o.kind;
        }
        let before = cues
            .clone()
            .filter(|m| m.start < t.start)
            .max_by_key(|m| m.start);
        let after = cues.filter(|m| m.start >= t.start).min_by_key(|m| m.start);
        if let Some(a) = after {
            // A freeing phrase right after the topic qualifies it: "photos
            // of other residents", "a church of your choice".
            let adjacent = self
                .norm
                .get(t.end.min(a.start)..a.start)
                .is_some_and(|b| b.trim().is_empty());
            if before.is_none()
                || self.is_predicate(t, a)
                || (adjacent && a.kind == ModalKind::Freeing)
            {
                return a.kind;
            }
        }
        before
            .or(after)
            .map(|m| m.kind)
            .unwrap_or(ModalKind::Freeing)
    }
}

#[cfg(test)]
mod tests {
    use super::review;

    fn cats(text: &str) -> Vec<String> {
        review(text)
            .findings
            .into_iter()
            .map(|f| f.category)
            .collect()
    }

    #[test]
    fn negation_both_ways() {
        assert!(cats("Residents are not required to attend chapel.").is_empty());
        assert_eq!(
            cats("Chapel attendance is not optional."),
            vec!["mandatory_religious"]
        );
        assert_eq!(
            cats("Residents may not decline case management."),
            vec!["mandatory_services"]
        );
        assert!(cats("We offer optional chapel on Sunday mornings.").is_empty());
        assert_eq!(
            cats("Failure to attend group will result in discharge."),
            vec!["mandatory_services"]
        );
    }

    #[test]
    fn approval_is_still_control() {
        assert_eq!(
            cats("Residents may attend a church of their choice upon staff approval."),
            vec!["mandatory_religious"]
        );
    }

    #[test]
    fn quoted_standard_is_not_flagged() {
        assert!(
            cats("Programs must not require residents to attend religious services.").is_empty()
        );
        assert!(cats("Housing may not be conditioned on participation in counseling.").is_empty());
    }

    #[test]
    fn clause_split() {
        let c = cats("You are free to leave at any time, but you will not be allowed to return until the next day.");
        assert_eq!(c, vec!["movement_restriction"]);
    }

    #[test]
    fn lead_in_applies_to_list() {
        let c =
            cats("The following are mandatory:\n\n- Chapel on Sunday\n- Weekly case management\n");
        assert_eq!(c, vec!["mandatory_religious", "mandatory_services"]);
    }

    #[test]
    fn spans_are_exact() {
        let text = "Intro.\n\n* Phones are held by staff.\n* Curfew is 9 p.m.\n";
        let r = review(text);
        assert_eq!(r.findings.len(), 2);
        for f in &r.findings {
            assert_eq!(&text[f.start..f.end], f.text);
        }
    }
}
