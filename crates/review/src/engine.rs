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
//!
//! Cost: linear in the document for a fixed set of rules. The splitter and
//! the normaliser make one pass; the regexes run in linear time; and the
//! work per segment is O(k log k) in the k cues found in it, never a scan
//! of every cue per cue. A segment can be as long as the document (a PDF
//! whose sentences lost their full stops), so nothing here may be quadratic
//! in its cues: overlaps are resolved against an ordered set, each mention
//! finds its clause and its nearest cues by binary search, and what does
//! not depend on the mention is worked out once per segment.
//! `examples/bench_doubling.rs` checks this: time doubles with the input.

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
        let judge = Judge::new(norm, &s.modal, &s.modal_clause, &s.clauses, inherited);

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
///
/// O(k log k): the mentions are swept in order of start, keeping the two
/// furthest-reaching strong cues (of different categories) that start
/// before, so each mention is checked in constant time.
fn drop_contained_topics(topics: &mut Vec<TopicSpan>) {
    if topics.len() < 2 || !topics.iter().any(|t| t.strong) {
        return;
    }
    let mut strong: Vec<(usize, usize, usize)> = topics
        .iter()
        .filter(|t| t.strong)
        .map(|t| (t.start, t.end, t.category))
        .collect();
    strong.sort_unstable();
    let mut order: Vec<usize> = (0..topics.len()).collect();
    order.sort_unstable_by_key(|&i| topics[i].start);
    let mut drop = vec![false; topics.len()];
    // Strong cues starting before the current mention contain it when they
    // reach its end; one starting with it must reach past its end.
    let mut before = Reach::default();
    let (mut j, mut k) = (0, 0);
    while k < order.len() {
        let start = topics[order[k]].start;
        while j < strong.len() && strong[j].0 < start {
            before.add(strong[j].1, strong[j].2);
            j += 1;
        }
        let mut same = Reach::default();
        for &(_, end, cat) in strong[j..].iter().take_while(|s| s.0 == start) {
            same.add(end, cat);
        }
        while k < order.len() && topics[order[k]].start == start {
            let t = topics[order[k]];
            drop[order[k]] = before
                .furthest_other(t.category)
                .is_some_and(|e| e >= t.end)
                || same.furthest_other(t.category).is_some_and(|e| e > t.end);
            k += 1;
        }
    }
    let mut i = 0;
    topics.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
}

/// The furthest end among a set of cues, and the furthest of a category other
/// than that one's: enough to answer "the furthest end of any category but c".
#[derive(Default)]
struct Reach {
    best: Option<(usize, usize)>,
    other: Option<(usize, usize)>,
}

impl Reach {
    fn add(&mut self, end: usize, cat: usize) {
        match self.best {
            Some((e, c)) if end <= e => {
                if c != cat && self.other.is_none_or(|(oe, _)| end > oe) {
                    self.other = Some((end, cat));
                }
            }
            Some((e, c)) => {
                if c != cat {
                    self.other = Some((e, c));
                }
                self.best = Some((end, cat));
            }
            None => self.best = Some((end, cat)),
        }
    }

    fn furthest_other(&self, cat: usize) -> Option<usize> {
        match self.best {
            Some((e, c)) if c != cat => Some(e),
            _ => self.other.map(|(e, _)| e),
        }
    }
}

/// "shall not be a prerequisite": a bare modal right before a freeing cue
/// that starts with "not" or "never" belongs to that negation, not to an
/// obligation of its own.
///
/// Linear: a cue is absorbed by the cue right after it, and absorbing one
/// never changes which cue follows another, so one pass decides them all.
fn absorb_negated_modals(norm: &str, spans: &mut Vec<ModalSpan>) {
    let absorbed = |a: &ModalSpan, b: &ModalSpan| {
        a.kind == ModalKind::Obligation
            && b.kind == ModalKind::Freeing
            && b.start <= a.end + 1
            && matches!(
                &norm[a.start..a.end],
                "shall" | "will" | "must" | "should" | "may" | "can" | "would" | "could"
            )
            && (norm[b.start..].starts_with("not ") || norm[b.start..].starts_with("never "))
    };
    let gone: Vec<bool> = (0..spans.len())
        .map(|i| i + 1 < spans.len() && absorbed(&spans[i], &spans[i + 1]))
        .collect();
    let mut i = 0;
    spans.retain(|_| {
        i += 1;
        !gone[i - 1]
    });
}

/// "not allowed to keep their own passports": a freeing cue that an
/// obligation with a negation runs into is itself negated, so the obligation
/// stands whatever the lengths.
///
/// O(k log k + n): each obligation negates the freeing cues that start
/// inside it after a "no " at its start or a "not " / "never " within it, so
/// it covers one interval of start positions; a freeing cue is dropped when
/// its start falls in the union of those intervals.
fn drop_negated_freedoms(norm: &str, spans: &mut Vec<ModalSpan>) {
    if spans.len() < 2 || !spans.iter().any(|m| m.kind == ModalKind::Freeing) {
        return;
    }
    let nots: Vec<usize> = norm.match_indices("not ").map(|(p, _)| p + 4).collect();
    let nevers: Vec<usize> = norm.match_indices("never ").map(|(p, _)| p + 6).collect();
    // The end of the first negation at or after `from`.
    let first_after = |ends: &[usize], len: usize, from: usize| {
        let i = ends.partition_point(|&e| e - len < from);
        ends.get(i).copied()
    };
    let mut covered: Vec<(usize, usize)> = spans
        .iter()
        .filter(|o| {
            matches!(
                o.kind,
                ModalKind::Obligation | ModalKind::StrongObligation | ModalKind::Conditional
            )
        })
        .filter_map(|o| {
            let no = norm[o.start..].starts_with("no ").then_some(o.start + 3);
            let from = [
                no,
                first_after(&nots, 4, o.start),
                first_after(&nevers, 6, o.start),
            ]
            .into_iter()
            .flatten()
            .min()?;
            (from < o.end).then_some((from, o.end))
        })
        .collect();
    covered.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(covered.len());
    for (a, b) in covered {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let negated = |pos: usize| {
        let i = merged.partition_point(|&(a, _)| a <= pos);
        i > 0 && pos < merged[i - 1].1
    };
    spans.retain(|f| f.kind != ModalKind::Freeing || !negated(f.start));
}

/// Keep the longest cue where cues overlap; on equal length, forbidding
/// beats strong obligation beats freeing beats obligation. O(k log k). The
/// cues kept do not overlap and come back in order of start (and end).
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
    // Longest first, each kept unless it overlaps one kept before. The kept
    // cues do not overlap one another, so only the last one starting before
    // a cue's end can overlap it: one look-up in an ordered set.
    kept.clear();
    let mut taken: std::collections::BTreeSet<(usize, usize)> = std::collections::BTreeSet::new();
    for sp in spans.iter() {
        let clash = taken
            .range(..(sp.end, 0))
            .next_back()
            .is_some_and(|&(_, end)| end > sp.start);
        if !clash {
            taken.insert((sp.start, sp.end));
            kept.push(*sp);
        }
    }
    kept.sort_unstable_by_key(|k| (k.start, k.end));
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

/// The clause holding `pos`. Clauses are contiguous and in order, so a binary
/// search finds it.
fn clause_index(clauses: &[Clause], pos: usize) -> usize {
    let i = clauses.partition_point(|c| c.end <= pos);
    if i < clauses.len() && pos >= clauses[i].start {
        i
    } else {
        clauses.len() - 1
    }
}

struct Judge<'a> {
    norm: &'a str,
    modal: &'a [ModalSpan],
    clauses: &'a [Clause],
    /// Per clause: does it hold a forbidding cue?
    forbidden: Vec<bool>,
    /// Whether a strong obligation (or an unanswered threat) outside a
    /// forbidding clause makes every mention of the sentence coercive.
    strong_anywhere: bool,
    /// Indices into `modal` of the freeing and plain obligation cues, in
    /// order; the cues of clause `c` are `cues[cue_range[c].0..cue_range[c].1]`.
    cues: Vec<usize>,
    cue_range: Vec<(usize, usize)>,
    /// Per clause `c`: the first clause at or after `c` that is not forbidden
    /// and has cues (`clauses.len()` when none).
    next_with_cues: Vec<usize>,
    inherited: Option<Context>,
}

impl<'a> Judge<'a> {
    /// Works out once per segment, in O(cues + clauses), everything that does
    /// not depend on the mention being judged, so judging each is O(log k).
    fn new(
        norm: &'a str,
        modal: &'a [ModalSpan],
        modal_clause: &[usize],
        clauses: &'a [Clause],
        inherited: Option<Context>,
    ) -> Judge<'a> {
        let n = clauses.len();
        let mut forbidden = vec![false; n];
        let mut has_freeing = vec![false; n];
        for (m, &c) in modal.iter().zip(modal_clause) {
            match m.kind {
                ModalKind::Forbidding => forbidden[c] = true,
                ModalKind::Freeing => has_freeing[c] = true,
                _ => {}
            }
        }
        // "if you miss a class" is a threat unless the same clause says
        // nothing bad follows ("you will not lose your bed").
        let strong_anywhere = modal.iter().zip(modal_clause).any(|(m, &c)| {
            !forbidden[c]
                && match m.kind {
                    ModalKind::StrongObligation => true,
                    ModalKind::Conditional => !has_freeing[c],
                    _ => false,
                }
        });
        // Modal cues are in order of position, so their clauses never go back.
        let mut cues = Vec::new();
        let mut cue_range = vec![(0, 0); n];
        for (i, (m, &c)) in modal.iter().zip(modal_clause).enumerate() {
            if matches!(m.kind, ModalKind::Freeing | ModalKind::Obligation) {
                if cue_range[c].1 == 0 {
                    cue_range[c].0 = cues.len();
                }
                cues.push(i);
                cue_range[c].1 = cues.len();
            }
        }
        let mut next_with_cues = vec![n; n + 1];
        for c in (0..n).rev() {
            let usable = !forbidden[c] && cue_range[c].1 > cue_range[c].0;
            next_with_cues[c] = if usable { c } else { next_with_cues[c + 1] };
        }
        Judge {
            norm,
            modal,
            clauses,
            forbidden,
            strong_anywhere,
            cues,
            cue_range,
            next_with_cues,
            inherited,
        }
    }

    fn clause_of(&self, pos: usize) -> usize {
        clause_index(self.clauses, pos)
    }

    /// Freeing and plain obligation cues of clause `ci`, in order of start.
    fn cues_in(&self, ci: usize) -> &[usize] {
        let (a, b) = self.cue_range[ci];
        &self.cues[a..b.max(a)]
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
        if self.forbidden[ci] {
            return false;
        }
        if self.strong_anywhere {
            return true;
        }
        let own = self.cues_in(ci);
        if !own.is_empty() {
            return self.govern(t, own) == ModalKind::Obligation;
        }
        if t.strong {
            return true;
        }
        let next = self.next_with_cues[ci + 1];
        if next < self.clauses.len() {
            return self.govern(t, self.cues_in(next)) == ModalKind::Obligation;
        }
        if ci > 0 && self.clauses[ci].after_semicolon && !self.forbidden[ci - 1] {
            let cues = self.cues_in(ci - 1);
            if !cues.is_empty() {
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
        // Counting stops at three words: the gap to the cue may be long.
        let between_words = self
            .norm
            .get(t.end.min(a.start)..a.start)
            .unwrap_or("")
            .split_whitespace()
            .take(3)
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

    /// Which of `cues` (freeing or obligation, indices into `modal` in order
    /// of start) governs the mention `t`.
    ///
    /// Modal words mostly scope to the right ("not required to attend
    /// chapel, Bible study or prayer"), so the nearest cue *before* the
    /// mention wins. The exception is a predicate right after the topic
    /// ("chores are required", "chapel is optional"): a cue at most two
    /// words after the mention and starting with a verb governs it. With no
    /// cue before, the nearest cue after it decides.
    ///
    /// The cues do not overlap, so both their starts and their ends are in
    /// order: the nearest ones and the run overlapping the mention are found
    /// by binary search.
    fn govern(&self, t: &TopicSpan, cues: &[usize]) -> ModalKind {
        let cue = |i: usize| &self.modal[cues[i]];
        // A cue that contains or overlaps the mention ("will not be drug
        // tested", "keep their own phones") speaks about it directly; the
        // longest does, the last of equals.
        let first_reaching = cues.partition_point(|&i| self.modal[i].end <= t.start);
        let first_after_end = cues.partition_point(|&i| self.modal[i].start < t.end);
        let mut overlapping: Option<&ModalSpan> = None;
        for i in first_reaching..first_after_end.max(first_reaching) {
            let m = cue(i);
            if m.start < t.end
                && t.start < m.end
                && overlapping.is_none_or(|o| m.end - m.start >= o.end - o.start)
            {
                overlapping = Some(m);
            }
        }
        if let Some(o) = overlapping {
            return o.kind;
        }
        let split = cues.partition_point(|&i| self.modal[i].start < t.start);
        let before = split.checked_sub(1).map(cue);
        let after = (split < cues.len()).then(|| cue(split));
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
