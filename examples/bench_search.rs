//! Library search benchmark: `library::search::search` (the function behind the pages and
//! the API) over a generated library of N resources, against a plain primary-key fetch of
//! the same 20 rows it returns. Prints medians, 95th percentiles and their ratio, so the
//! figures mean something on any machine.
//!
//! `cargo run --release --example bench_search [-- N]` (N defaults to 100000). SQLite in a
//! temporary file, or PostgreSQL in a fresh database created from `TTA_BENCH_DATABASE_URL`
//! (an admin URL) and dropped at the end.
//!
//! The library is deterministic (seeded): titles, summaries and pages drawn Zipf-wise from
//! field words (85% English, 15% Spanish), a long tail of place and organisation names for
//! rare words, 1–3 topics, 0–3 audiences, ~10% of items with 2–5 KB of file text. Rows and
//! index rows are written with multi-row INSERTs, the index rows exactly as
//! `library::data::reindex` writes them.

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use rand::{distributions::WeightedIndex, prelude::*, rngs::StdRng};
use sqlx::Row;
use tta::{
    db::{Backend, Db},
    library::{
        model::{Resource, Viewer, COLUMNS, KINDS},
        search::{search, Params},
        text,
    },
    topics::{AUDIENCES, TOPICS},
};

const EN_WORDS: &str = "\
services survivor support program staff client safety trafficking training housing shelter intake case \
management referral labor worker legal advocate community resource plan screening trauma informed care \
youth family immigration visa interpreter consent confidentiality policy assessment agency partner \
victim rights employer wage benefits health mental counseling emergency crisis hotline response team \
law enforcement court attorney protection order identification indicators risk document form guide \
checklist template toolkit fact sheet recording webinar meeting session practice approach model voluntary \
harm reduction substance use recovery medical clinic hospital nurse doctor patient provider funding grant \
budget report data outcome evaluation measure goal service coordination collaboration network coalition \
task force federal state county city local tribal rural urban school student teacher parent child minor \
adolescent guardian foster welfare protective juvenile justice detention probation reentry employment job \
skills education literacy language access translation cultural humility respect dignity choice autonomy \
leadership voice peer mentor volunteer board director supervisor manager coordinator specialist navigator \
outreach engagement trust relationship boundary self sustainability burnout secondary stress wellness \
supervision reflective debrief ethics privacy record release information sharing disclosure mandated \
reporting duty warn threat lethality violence domestic sexual assault exploitation commercial forced \
debt bondage coercion fraud force control isolation recruitment smuggling migration border asylum refugee \
status certification continued presence application petition adjustment permanent residence work \
authorization social security number benefit eligibility public assistance food cash medicaid insurance \
transportation bus ticket phone childcare daycare apartment lease landlord rent deposit utility voucher \
transitional permanent supportive rapid rehousing bed capacity waitlist eviction homeless encampment \
street runaway drop center hours weekend overnight staffing shift schedule hiring onboarding orientation \
competency curriculum module lesson exercise scenario role play handout slide presenter facilitator \
agenda objective learning adult participant feedback survey question answer review update revision \
version draft final approved standard procedure protocol memorandum understanding agreement contract \
vendor procurement invoice audit compliance monitoring site visit technical assistance capacity building \
organizational culture diversity equity inclusion accessibility disability deaf blind accommodation \
wheelchair ramp elevator building office space room private waiting area sign poster brochure flyer card \
wallet safety plan escape bag packing document copy passport birth certificate license identification \
card bank account credit repair financial literacy savings budget income tax return filing restitution \
compensation civil lawsuit criminal prosecution testimony witness deposition subpoena hearing trial \
sentencing plea victim witness coordinator prosecutor defense judge jury verdict appeal expungement \
vacatur record sealing relief clemency pardon conviction arrest charge citation fine fee warrant \
agriculture farmworker construction restaurant hotel domestic nail salon massage cleaning landscaping \
fishing factory warehouse manufacturing retail seasonal temporary guest worker recruiter contractor \
subcontractor supply chain labor inspection overtime minimum hours paycheck deduction housing camp \
dormitory transportation passport confiscation threat deportation fear shame stigma guilt loyalty \
attachment bonding grooming online social media dating app advertisement website platform text message \
phone call video chat email password account device location tracking monitoring surveillance stalking \
gang cartel family member partner boyfriend pimp trafficker buyer demand prostitution commercial sex \
escort strip club street brothel hotel motel truck stop massage parlor residential survival sex youth \
lgbtq transgender gay lesbian bisexual queer gender identity pronoun affirming inclusive native american \
indigenous alaska hawaiian pacific islander black latino hispanic asian immigrant newcomer limited english \
proficiency bilingual spanish mandarin vietnamese korean tagalog arabic french haitian creole portuguese \
russian ukrainian amharic somali swahili nepali burmese karen hmong lao cambodian thai indonesian";

const ES_WORDS: &str = "\
servicios sobreviviente apoyo programa personal cliente seguridad trata vivienda refugio admisión caso \
manejo referido trabajo trabajador legal defensora comunidad recurso plan evaluación trauma atención \
juventud familia inmigración visa intérprete consentimiento confidencialidad política agencia socio \
víctima derechos empleador salario beneficios salud mental consejería emergencia crisis línea respuesta \
equipo policía tribunal abogado protección orden identificación indicadores riesgo documento formulario \
guía lista plantilla herramientas hoja grabación seminario reunión sesión práctica enfoque modelo \
voluntario reducción daños sustancias recuperación médico clínica hospital enfermera paciente proveedor \
fondos subvención presupuesto informe datos resultado meta coordinación colaboración red coalición \
escuela estudiante maestro padre madre niño menor adolescente tutor crianza bienestar justicia detención \
empleo habilidades educación idioma acceso traducción cultural respeto dignidad elección autonomía \
liderazgo voz compañero mentor voluntaria junta directora supervisora gerente coordinadora especialista \
navegadora alcance confianza relación límite cuidado agotamiento estrés bienestar supervisión ética \
privacidad registro información divulgación denuncia amenaza violencia doméstica sexual agresión \
explotación comercial forzado deuda servidumbre coerción fraude fuerza control aislamiento reclutamiento \
contrabando migración frontera asilo refugiada estatus certificación solicitud petición residencia \
permiso seguro social elegibilidad asistencia pública comida efectivo transporte autobús boleto teléfono \
guardería apartamento contrato arrendador renta depósito vale transitoria permanente cama capacidad \
desalojo calle centro horario turno contratación orientación plan estudios lección ejercicio escenario \
folleto diapositiva facilitadora agenda objetivo aprendizaje adulto participante encuesta pregunta \
respuesta revisión actualización versión borrador final estándar procedimiento protocolo acuerdo \
agricultura campesino construcción restaurante hotel limpieza fábrica almacén temporal reclutador \
contratista horas extras sueldo deducción campamento pasaporte deportación miedo vergüenza estigma \
culpa lealtad redes sociales anuncio mensaje llamada cuenta contraseña ubicación vigilancia pandilla \
pareja novio tratante comprador demanda prostitución género identidad pronombre indígena latina \
inmigrante recién llegado bilingüe español";

const SYLLABLES: &[&str] = &[
    "har", "lan", "mor", "ton", "vil", "bro", "ken", "dal", "ash", "ford", "ridge", "mont", "cas",
    "tel", "san", "ber", "wick", "dun", "mer", "ros", "al", "ta", "ve", "no", "ri", "co", "le",
    "ma", "sa", "pi", "gu", "zo", "quin", "tor", "wal", "sten", "cla", "brook", "haven", "field",
    "port", "land", "bur", "ley", "ham", "ston",
];

/// ~700 field words (Zipf-weighted, most common first) and ~2300 names for the rare tail.
struct Vocab {
    en: Vec<String>,
    es: Vec<String>,
    names: Vec<String>,
    en_w: WeightedIndex<f64>,
    es_w: WeightedIndex<f64>,
}

fn zipf(n: usize, s: f64) -> WeightedIndex<f64> {
    WeightedIndex::new((1..=n).map(|r| 1.0 / (r as f64).powf(s))).unwrap()
}

fn uniq(s: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    s.split_whitespace()
        .filter(|w| seen.insert(w.to_string()))
        .map(String::from)
        .collect()
}

impl Vocab {
    fn new(rng: &mut StdRng) -> Vocab {
        let en = uniq(EN_WORDS);
        let es = uniq(ES_WORDS);
        let mut names = std::collections::BTreeSet::new();
        while names.len() + en.len() + es.len() < 3000 {
            let k = rng.gen_range(2..=3);
            let mut n: String = (0..k).map(|_| *SYLLABLES.choose(rng).unwrap()).collect();
            n[..1].make_ascii_uppercase();
            names.insert(n);
        }
        let mut names: Vec<String> = names.into_iter().collect();
        names.shuffle(rng);
        let (en_w, es_w) = (zipf(en.len(), 1.0), zipf(es.len(), 1.0));
        Vocab {
            en,
            es,
            names,
            en_w,
            es_w,
        }
    }

    fn word<'a>(&'a self, rng: &mut StdRng, es: bool) -> &'a str {
        if es {
            &self.es[self.es_w.sample(rng)]
        } else {
            &self.en[self.en_w.sample(rng)]
        }
    }

    /// `n` words; now and then a name from the rare tail.
    fn words(&self, rng: &mut StdRng, es: bool, n: usize, out: &mut String) {
        for i in 0..n {
            if !out.is_empty() {
                out.push(' ');
            }
            if rng.gen_bool(0.002) {
                out.push_str(self.names.choose(rng).unwrap());
            } else {
                out.push_str(self.word(rng, es));
            }
            if i + 1 < n && rng.gen_bool(0.06) {
                out.push(',');
            }
        }
    }

    fn sentence(&self, rng: &mut StdRng, es: bool, out: &mut String) {
        let start = out.len();
        let n = rng.gen_range(6..=18);
        let mut s = String::new();
        self.words(rng, es, n, &mut s);
        if let Some(c) = s.get(..1) {
            let up = c.to_uppercase();
            s.replace_range(..1, &up);
        }
        if start > 0 {
            out.push(' ');
        }
        out.push_str(&s);
        out.push('.');
    }
}

/// One generated resource, with its index rows already computed.
struct Item {
    id: i64,
    title: String,
    summary: String,
    kind: &'static str,
    topics: String,
    audiences: String,
    language: &'static str,
    body_md: String,
    members_only: bool,
    status: &'static str,
    published_on: String,
    downloads: i64,
    file: Option<(String, String)>,
    head_terms: String,
    body_terms: String,
}

fn pick_codes(rng: &mut StdRng, codes: &[&str], lo: usize, hi: usize) -> String {
    let k = rng.gen_range(lo..=hi);
    let mut v: Vec<&str> = codes.choose_multiple(rng, k).copied().collect();
    v.sort();
    format!(",{},", v.join(","))
}

const MAX_INDEXED: usize = 400_000;

fn make_item(v: &Vocab, rng: &mut StdRng, id: i64) -> Item {
    let es = rng.gen_bool(0.15);
    let mut title = String::new();
    let k = rng.gen_range(3..=8);
    v.words(rng, es, k, &mut title);
    let title: String = title
        .replace(',', "")
        .split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut summary = String::new();
    for _ in 0..rng.gen_range(1..=3) {
        v.sentence(rng, es, &mut summary);
    }
    if summary.chars().count() > 600 {
        summary = summary.chars().take(599).collect::<String>() + ".";
    }
    let mut body_md = String::new();
    for p in 0..rng.gen_range(2..=6) {
        if p > 0 && rng.gen_bool(0.4) {
            body_md.push_str("## ");
            let k = rng.gen_range(2..=5);
            v.words(rng, es, k, &mut body_md);
            body_md.push_str("\n\n");
        }
        if rng.gen_bool(0.25) {
            for _ in 0..rng.gen_range(2..=5) {
                body_md.push_str("- ");
                let mut li = String::new();
                let k = rng.gen_range(3..=9);
                v.words(rng, es, k, &mut li);
                body_md.push_str(&li);
                body_md.push('\n');
            }
            body_md.push('\n');
        } else {
            let mut para = String::new();
            for _ in 0..rng.gen_range(2..=5) {
                v.sentence(rng, es, &mut para);
            }
            body_md.push_str(&para);
            body_md.push_str("\n\n");
        }
    }
    let file = rng.gen_bool(0.10).then(|| {
        let target = rng.gen_range(2048..=5120);
        let mut t = String::with_capacity(target + 200);
        while t.len() < target {
            v.sentence(rng, es, &mut t);
            if rng.gen_bool(0.1) {
                t.push('\n');
            }
        }
        let mut name = String::new();
        let k = rng.gen_range(2..=4);
        v.words(rng, es, k, &mut name);
        let name = format!(
            "{}.pdf",
            text::fold(&name.replace(',', "")).replace(' ', "-")
        );
        (name, t)
    });
    let language = if es { "es" } else { "en" };
    // Exactly what data::reindex indexes.
    let head_terms = text::index_terms(language, &format!("{title} {summary}"));
    let mut body = text::markdown_text(&body_md);
    if let Some((name, t)) = &file {
        body.push(' ');
        body.push_str(&name.replace(['-', '_', '.'], " "));
        body.push(' ');
        body.push_str(t);
    }
    let mut body_terms = text::index_terms(language, &body);
    if body_terms.len() > MAX_INDEXED {
        let cut = body_terms[..MAX_INDEXED].rfind(' ').unwrap_or(0);
        body_terms.truncate(cut);
    }
    let days = rng.gen_range(0..3000);
    let published_on = (chrono::NaiveDate::from_ymd_opt(2017, 1, 1).unwrap()
        + chrono::Days::new(days))
    .to_string();
    Item {
        id,
        title,
        summary,
        kind: KINDS[rng.gen_range(0..KINDS.len())],
        topics: pick_codes(rng, TOPICS, 1, 3),
        audiences: pick_codes(rng, AUDIENCES, 0, 3),
        language,
        body_md,
        members_only: rng.gen_bool(0.05),
        status: if rng.gen_bool(0.03) {
            "draft"
        } else {
            "published"
        },
        published_on,
        // Heavy-tailed, like real downloads.
        downloads: (rng.gen::<f64>().powi(4) * 5000.0) as i64,
        file,
        head_terms,
        body_terms,
    }
}

fn placeholders(rows: usize, cols: usize, wrap: impl Fn(usize) -> String) -> String {
    let mut s = String::new();
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        s.push('(');
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            s.push_str(&wrap(r * cols + c + 1));
        }
        s.push(')');
    }
    s
}

async fn insert_batch(db: &Db, items: &[Item], now: i64) -> anyhow::Result<()> {
    let mut tx = db.tx().await?;
    let sql = format!(
        "INSERT INTO resources (id, slug, title, summary, kind, topics, audiences, language, body_md, members_only, \
         status, published_on, downloads, created_at, updated_at) VALUES {}",
        placeholders(items.len(), 15, |i| format!("${i}"))
    );
    let mut q = sqlx::query(&sql);
    for it in items {
        q = q
            .bind(it.id)
            .bind(format!("bench-{}", it.id))
            .bind(&it.title)
            .bind(&it.summary)
            .bind(it.kind)
            .bind(&it.topics)
            .bind(&it.audiences)
            .bind(it.language)
            .bind(&it.body_md)
            .bind(it.members_only as i64)
            .bind(it.status)
            .bind(&it.published_on)
            .bind(it.downloads)
            .bind(now)
            .bind(now);
    }
    q.execute(&mut *tx).await?;

    let files: Vec<&Item> = items.iter().filter(|i| i.file.is_some()).collect();
    if !files.is_empty() {
        let sql = format!(
            "INSERT INTO resource_files (id, resource_id, series, version, is_current, storage_key, file_name, format, \
             size, sha256, body_text, uploaded_at) VALUES {}",
            placeholders(files.len(), 12, |i| format!("${i}"))
        );
        let mut q = sqlx::query(&sql);
        for it in &files {
            let (name, t) = it.file.as_ref().unwrap();
            q = q
                .bind(it.id)
                .bind(it.id)
                .bind(it.id)
                .bind(1i64)
                .bind(1i64)
                .bind(format!("bench/{}.pdf", it.id))
                .bind(name)
                .bind("pdf")
                .bind(t.len() as i64)
                .bind("0".repeat(64))
                .bind(t)
                .bind(now);
        }
        q.execute(&mut *tx).await?;
    }

    let sql = match db.backend {
        Backend::Sqlite => format!(
            "INSERT INTO resource_index (rowid, head, body) VALUES {}",
            placeholders(items.len(), 3, |i| format!("${i}"))
        ),
        Backend::Postgres => {
            let mut s = String::from("INSERT INTO resource_index (resource_id, doc) VALUES ");
            for r in 0..items.len() {
                let b = r * 3;
                if r > 0 {
                    s.push_str(", ");
                }
                s.push_str(&format!(
                    "(${}, setweight(to_tsvector('simple', ${}), 'A') || setweight(to_tsvector('simple', ${}), 'B'))",
                    b + 1,
                    b + 2,
                    b + 3
                ));
            }
            s
        }
    };
    let mut q = sqlx::query(&sql);
    for it in items {
        q = q.bind(it.id).bind(&it.head_terms).bind(&it.body_terms);
    }
    q.execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Document frequency of each stem over published, public items (what an anonymous search sees).
type Df = HashMap<String, u32>;

struct Loaded {
    secs: f64,
    with_files: usize,
    df: Df,
    visible: u32,
    text_bytes: usize,
    vocab: Vocab,
}

async fn load(db: &Db, n: usize) -> anyhow::Result<Loaded> {
    const BATCH: usize = 250;
    let first: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) AS m FROM resources")
        .fetch_one(&db.pool)
        .await?
        .try_get("m")?;
    let first_file: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) AS m FROM resource_files")
        .fetch_one(&db.pool)
        .await?
        .try_get("m")?;
    anyhow::ensure!(first_file <= first, "resource_files ids would collide");
    let t = Instant::now();
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<Item>>(8);
    // Generating and stemming runs on its own thread while the database writes.
    let gen = tokio::task::spawn_blocking(move || {
        let mut rng = StdRng::seed_from_u64(20250601);
        let vocab = Vocab::new(&mut rng);
        let mut df: Df = HashMap::new();
        let (mut visible, mut with_files, mut bytes) = (0u32, 0usize, 0usize);
        let mut batch = Vec::with_capacity(BATCH);
        for i in 0..n {
            let it = make_item(&vocab, &mut rng, first + 1 + i as i64);
            with_files += it.file.is_some() as usize;
            bytes += it.title.len()
                + it.summary.len()
                + it.body_md.len()
                + it.file.as_ref().map_or(0, |f| f.1.len());
            if it.status == "published" && !it.members_only {
                visible += 1;
                let mut seen = std::collections::HashSet::new();
                for w in it.head_terms.split(' ').chain(it.body_terms.split(' ')) {
                    if !w.is_empty() && seen.insert(w) {
                        *df.entry(w.to_string()).or_default() += 1;
                    }
                }
            }
            batch.push(it);
            if batch.len() == BATCH || i + 1 == n {
                if tx.blocking_send(std::mem::take(&mut batch)).is_err() {
                    break;
                }
            }
        }
        (df, visible, with_files, bytes, vocab)
    });
    let now = tta::db::now();
    // A transaction per batch keeps memory flat; batches of 250 rows keep binds under every limit.
    let mut done = 0;
    let mut last_report = Instant::now();
    while let Some(batch) = rx.recv().await {
        insert_batch(db, &batch, now).await?;
        done += batch.len();
        if last_report.elapsed() > Duration::from_secs(15) {
            eprintln!("  loaded {done}/{n} in {:.0} s", t.elapsed().as_secs_f64());
            last_report = Instant::now();
        }
    }
    let (df, visible, with_files, text_bytes, vocab) = gen.await?;
    if db.backend == Backend::Postgres {
        // Keep the identity sequences past the ids written by hand.
        for table in ["resources", "resource_files"] {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
            ))
            .execute(&db.pool)
            .await?;
        }
    }
    sqlx::query("ANALYZE").execute(&db.pool).await?;
    Ok(Loaded {
        secs: t.elapsed().as_secs_f64(),
        with_files,
        df,
        visible,
        text_bytes,
        vocab,
    })
}

struct Case {
    class: &'static str,
    params: Params,
}

fn p(q: &str) -> Params {
    Params {
        q: q.to_string(),
        page: 1,
        ..Params::default()
    }
}

/// The fixed mix: ~200 queries in six classes, chosen from the words' real frequencies.
fn mix(df: &Df, visible: u32, vocab: &Vocab) -> (Vec<Case>, String) {
    // Words as people type them, with the frequency of the stem the index holds.
    let mut words: Vec<(&String, u32)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (lang, list) in [("en", &vocab.en), ("es", &vocab.es), ("en", &vocab.names)] {
        for w in list.iter() {
            let stem = text::index_terms(lang, w);
            if let Some(c) = df.get(&stem) {
                if w.len() >= 3 && seen.insert(stem.clone()) {
                    words.push((w, *c));
                }
            }
        }
    }
    words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let frac = |c: u32| c as f64 / visible.max(1) as f64;
    let band = |lo: f64, hi: f64| -> Vec<&String> {
        words
            .iter()
            .filter(|(_, c)| frac(*c) >= lo && frac(*c) <= hi)
            .map(|(w, _)| *w)
            .collect()
    };
    let mut rng = StdRng::seed_from_u64(7);
    let take = |v: &Vec<&String>, k: usize, rng: &mut StdRng| -> Vec<String> {
        let mut v: Vec<String> = v.iter().map(|w| w.to_string()).collect();
        v.shuffle(rng);
        v.into_iter().cycle().take(k).collect()
    };
    // Common: in 5–30% of items. Rare: in at most 0.05% (but at least one).
    let mut common = band(0.05, 0.30);
    if common.is_empty() {
        common = words.iter().take(40).map(|(w, _)| *w).collect();
    }
    let mid = band(0.005, 0.10);
    let mut rare: Vec<&String> = words
        .iter()
        .filter(|(_, c)| frac(*c) <= 0.0005)
        .map(|(w, _)| *w)
        .collect();
    if rare.len() < 10 {
        rare = words.iter().rev().take(40).map(|(w, _)| *w).collect();
    }
    let mut cases = Vec::new();
    for w in take(&common, 40, &mut rng) {
        cases.push(Case {
            class: "one common word",
            params: p(&w),
        });
    }
    for w in take(&rare, 40, &mut rng) {
        cases.push(Case {
            class: "one rare word",
            params: p(&w),
        });
    }
    let a = take(&mid, 30, &mut rng);
    let b = take(&common, 30, &mut rng);
    for (x, y) in a.iter().zip(&b) {
        cases.push(Case {
            class: "two words",
            params: p(&format!("{x} {y}")),
        });
    }
    for (i, w) in take(&common, 40, &mut rng).into_iter().enumerate() {
        let mut params = p(&w);
        match i % 3 {
            0 => params.kind = KINDS[i % KINDS.len()].to_string(),
            1 => params.topic = TOPICS[i % TOPICS.len()].to_string(),
            _ => params.language = if i % 2 == 0 { "en".into() } else { "es".into() },
        }
        cases.push(Case {
            class: "word + facet",
            params,
        });
    }
    for i in 0..24 {
        let mut params = p("");
        params.topic = TOPICS[i % TOPICS.len()].to_string();
        cases.push(Case {
            class: "browse topic",
            params,
        });
    }
    for w in take(&common, 26, &mut rng) {
        let mut params = p(&w);
        params.sort = "downloads".into();
        cases.push(Case {
            class: "word, sort=downloads",
            params,
        });
    }
    // Worst case for facets: the word closest to half the items.
    let half = words
        .iter()
        .min_by(|a, b| {
            (frac(a.1) - 0.5)
                .abs()
                .partial_cmp(&(frac(b.1) - 0.5).abs())
                .unwrap()
        })
        .map(|(w, _)| w.to_string())
        .unwrap_or_default();
    (cases, half)
}

fn pct(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[((v.len() as f64 - 1.0) * q).round() as usize]
}

/// The reference: the same 20 rows by primary key, decoded the same way.
async fn fetch_rows(db: &Db, ids: &[i64]) -> anyhow::Result<usize> {
    let list = ids
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM resources r WHERE r.id IN ({list})"
    ))
    .fetch_all(&db.pool)
    .await?;
    let res: Vec<Resource> = rows
        .iter()
        .map(Resource::from_row)
        .collect::<sqlx::Result<_>>()?;
    Ok(res.len())
}

async fn bench(db: &Db, n: usize, kind: &str) -> anyhow::Result<()> {
    db.migrate().await?;
    let loaded = load(db, n).await?;
    let (cases, half) = mix(&loaded.df, loaded.visible, &loaded.vocab);
    let viewer = Viewer::default();

    // Ids for the reference: each query's own page of results (20 fixed ids when it found fewer).
    let fallback: Vec<i64> = (1..=20)
        .map(|i| (i * (n as i64 / 21).max(1)).min(n as i64))
        .collect();
    let mut ids: Vec<Vec<i64>> = Vec::new();
    let mut totals: Vec<i64> = Vec::new();
    // Warm-up pass (also collects the ids).
    for c in &cases {
        let r = search(db, &c.params, viewer).await?;
        let mut v: Vec<i64> = r.hits.iter().map(|h| h.resource.id).collect();
        if v.len() < 20 {
            v.extend(fallback.iter().take(20 - v.len()));
        }
        ids.push(v);
        totals.push(r.total);
        fetch_rows(db, &ids[ids.len() - 1]).await?;
    }
    const PASSES: usize = 3;
    let mut s_times: Vec<Vec<f64>> = vec![Vec::new(); cases.len()];
    let mut r_times: Vec<Vec<f64>> = vec![Vec::new(); cases.len()];
    for _ in 0..PASSES {
        for (i, c) in cases.iter().enumerate() {
            let t = Instant::now();
            let r = search(db, &c.params, viewer).await?;
            s_times[i].push(t.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(r);
            let t = Instant::now();
            fetch_rows(db, &ids[i]).await?;
            r_times[i].push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }

    // The worst cases, timed alone: the first call, then the median of five.
    let mut worst = Vec::new();
    for (label, params) in [
        (format!("word in ~50% of items ({half:?})"), p(&half)),
        ("no words, no filters (the landing page)".to_string(), p("")),
    ] {
        let t = Instant::now();
        let r = search(db, &params, viewer).await?;
        let first = t.elapsed().as_secs_f64() * 1000.0;
        let mut v = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            search(db, &params, viewer).await?;
            v.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        worst.push((label, r.total, first, pct(&mut v, 0.5)));
    }

    let size_sql = match db.backend {
        Backend::Sqlite => {
            "SELECT page_count * page_size AS s FROM pragma_page_count(), pragma_page_size()"
        }
        Backend::Postgres => "SELECT CAST(pg_database_size(current_database()) AS BIGINT) AS s",
    };
    let size = sqlx::query(size_sql)
        .fetch_one(&db.pool)
        .await?
        .try_get::<i64, _>("s")?
        / (1024 * 1024);

    println!("tta library search benchmark");
    println!("database        {kind}");
    println!("N               {n} resources ({} visible to an anonymous search, {} with file text, {:.0} MB of text)", loaded.visible, loaded.with_files, loaded.text_bytes as f64 / 1e6);
    println!("load time       {:.1} s ({:.0} resources/s, generation and stemming included, ANALYZE included); database {size} MB", loaded.secs, n as f64 / loaded.secs);
    println!("mix             {} queries, 1 warm-up pass, {PASSES} measured passes; each search followed by the reference fetch", cases.len());
    println!("reference       SELECT <resource columns> FROM resources WHERE id IN (<the 20 ids the search returned>)");
    println!();
    println!(
        "{:<22} {:>4} {:>9} | {:>9} {:>9} {:>8} | {:>8} {:>8} {:>8} | {:>9}",
        "class",
        "qs",
        "avg hits",
        "p50 ms",
        "p95 ms",
        "q/s",
        "ref p50",
        "ref p95",
        "ref q/s",
        "ratio p50"
    );
    let mut classes: Vec<&str> = Vec::new();
    for c in &cases {
        if !classes.contains(&c.class) {
            classes.push(c.class);
        }
    }
    let row = |name: &str, idx: Vec<usize>| {
        let mut s: Vec<f64> = idx
            .iter()
            .flat_map(|&i| s_times[i].iter().copied())
            .collect();
        let mut r: Vec<f64> = idx
            .iter()
            .flat_map(|&i| r_times[i].iter().copied())
            .collect();
        let hits = idx.iter().map(|&i| totals[i]).sum::<i64>() as f64 / idx.len() as f64;
        let (ssum, rsum): (f64, f64) = (s.iter().sum(), r.iter().sum());
        let (sqps, rqps) = (
            s.len() as f64 / (ssum / 1000.0),
            r.len() as f64 / (rsum / 1000.0),
        );
        let (s50, s95, r50, r95) = (
            pct(&mut s, 0.5),
            pct(&mut s, 0.95),
            pct(&mut r, 0.5),
            pct(&mut r, 0.95),
        );
        println!(
            "{name:<22} {:>4} {hits:>9.0} | {s50:>9.2} {s95:>9.2} {sqps:>8.1} | {r50:>8.3} {r95:>8.3} {rqps:>8.0} | {:>8.1}x",
            idx.len(),
            s50 / r50
        );
        s50 / r50
    };
    for class in &classes {
        row(
            class,
            (0..cases.len())
                .filter(|&i| cases[i].class == *class)
                .collect(),
        );
    }
    println!("{}", "-".repeat(118));
    let overall = row("overall", (0..cases.len()).collect());
    println!();
    println!("ratio p50 = search_p50 / reference_p50 = {overall:.1}");
    println!();
    println!("worst cases, timed alone (first call, then median of 5):");
    for (label, total, first, med) in worst {
        println!("  {label:<52} {total:>7} hits   first {first:>9.2} ms   median {med:>9.2} ms");
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let admin = std::env::var("TTA_BENCH_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"));
    let dir = std::env::temp_dir().join(format!("tta-bench-search-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let result = match &admin {
        None => {
            let db = Db::connect(&format!("sqlite:{}", dir.join("tta.db").display())).await?;
            let r = bench(&db, n, "SQLite").await;
            db.pool.close().await;
            r
        }
        Some(admin) => {
            let name = format!("tta_bench_search_{}", std::process::id());
            let a = Db::connect(admin).await?;
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&a.pool)
                .await?;
            let mut url = url::Url::parse(admin)?;
            url.set_path(&format!("/{name}"));
            let r = async {
                let db = Db::connect(url.as_str()).await?;
                let r = bench(&db, n, "PostgreSQL").await;
                db.pool.close().await;
                r
            }
            .await;
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&a.pool)
                .await?;
            a.pool.close().await;
            r
        }
    };
    let _ = std::fs::remove_dir_all(&dir);
    result
}
