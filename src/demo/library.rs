//! The demo resource library: fact sheets, tools, templates, guides, toolkits, recordings
//! and a few other items a service provider would look for, in English and Spanish, with
//! PDF and DOCX files generated here from the project's own text. All of it is original
//! demo writing; every person, program and phone number is fictional.
//!
//! Search over file contents can be shown with words that appear only inside files (never
//! in any resource's title, summary or page):
//! - "pronouns"  -> `minimal-intake-form` (the DOCX intake form)
//! - "lockbox"   -> `voluntary-services-policy-template` (the DOCX policy template)
//! - "sawmill"   -> `labor-trafficking-indicators` (the PDF fact sheet)
//!
//! The unit test at the bottom checks the coverage rules (kinds, topics, audiences,
//! languages, dates, related slugs) and that every file extracts as text.

use crate::library::docx::{self, Block};
use crate::pdf::{Doc, Font, BRAND, INK, MUTED};

pub struct DemoResource {
    pub slug: &'static str,
    pub title: &'static str,
    /// Plain language, one to three sentences.
    pub summary: &'static str,
    /// One of: fact_sheet, tool, template, guide, toolkit, recording, other.
    pub kind: &'static str,
    /// Codes from `crate::topics::TOPICS`.
    pub topics: &'static [&'static str],
    /// Codes from `crate::orgs::model::KINDS`.
    pub audiences: &'static [&'static str],
    /// "en" or "es".
    pub language: &'static str,
    /// "YYYY-MM-DD".
    pub published: &'static str,
    /// "YYYY-MM-DD", on or after `published`.
    pub reviewed: Option<&'static str>,
    /// Shared with programs whose staff completed a training.
    pub members_only: bool,
    /// The resource's page in Markdown; empty when the item is only its files.
    pub body_md: &'static str,
    /// For recordings: the audio or video file.
    pub media_url: Option<&'static str>,
    /// Slugs of other demo resources.
    pub related: &'static [&'static str],
}

pub struct DemoFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

pub fn resources() -> Vec<DemoResource> {
    vec![
        // ---------------------------------------------------------------- templates
        DemoResource {
            slug: "voluntary-services-policy-template",
            title: "Voluntary services policy: a template",
            summary: "A fill-in policy that states plainly that housing and help never depend on taking part in services. Adapt it with residents and staff, then have your board adopt it.",
            kind: "template",
            topics: &["voluntary_services", "organizational_policy"],
            audiences: &["shelter", "transitional_housing"],
            language: "en",
            published: "2023-03-14",
            reviewed: Some("2026-02-10"),
            members_only: false,
            body_md: r#"## Why a written policy matters

Most programs already believe that services should be a choice. Fewer have written it down in a way that staff, residents and funders can point to. When the policy is silent, old habits fill the gap: a missed group becomes a "write-up", a declined appointment becomes a reason to end a stay.

This template gives you a starting point you can finish in one or two meetings.

## What the template covers

- A purpose statement tying the policy to your mission
- The core commitment: a bed, a room or a service never depends on accepting another service
- How staff offer, and offer again, services that were declined
- Faith activities, counseling and groups as open invitations, never requirements
- Residents keeping their own phones, documents, medications and money
- The small number of safety rules that apply to everyone, each with its reason
- How residents raise a concern without fear of losing their place
- Review dates, and who signs

## How to use it

1. Read it with two or three residents or past participants, and pay them for their time.
2. Mark every sentence that does not match what happens today. Those are your practice gaps, not just wording gaps.
3. Check your funder agreements word for word. Most requirements can be met in the least restrictive way; the template includes a note on this.
4. Take the finished draft to leadership and the board, and set a date to review it within a year.

## A note on language

The template uses "participant" and "resident". Use whatever words the people you serve prefer. Keep the sentences short and translate the policy into the languages people speak in your program."#,
            media_url: None,
            related: &["minimal-intake-form", "house-agreements-template", "rule-review-worksheet"],
        },
        DemoResource {
            slug: "minimal-intake-form",
            title: "An intake form that asks only what is needed",
            summary: "A short, editable intake form for shelters and case-management programs. Every question has a reason, and most are optional.",
            kind: "template",
            topics: &["trauma_informed", "organizational_policy"],
            audiences: &["case_management", "shelter", "drop_in"],
            language: "en",
            published: "2022-09-06",
            reviewed: Some("2025-10-01"),
            members_only: false,
            body_md: r#"## The problem with long intake forms

Many programs inherited an intake packet that runs ten pages or more. It asks for a full trafficking history, criminal record, immigration status and family details on the first day, often before the person has slept or eaten. For someone who has been questioned again and again, a long interview can feel like an interrogation, and it rarely produces accurate information.

## A different starting point

This form starts from one question: **what do we need to know today to offer a safe place and the next step?** Everything else can wait until the person chooses to share it, and much of it never needs to be written down at all.

The form:

- fits on two pages
- marks each question as needed today or optional
- explains, in plain words, why each question is asked and who will see the answer
- leaves out questions about the trafficking experience itself
- ends with what the person can expect next, not with a list of rules

## Before you use it

- Decide who in your program can see intake records and write that on the form.
- Remove any question your program cannot explain in one sentence.
- Offer the form in the person's language, with a trained interpreter when needed.
- Tell the person they can skip any question and still get help.

## Pair it with

The voluntary services policy template and the release of information template, so that what you collect and what you share follow the same principle: as little as needed, with consent."#,
            media_url: None,
            related: &["voluntary-services-policy-template", "release-of-information-template", "es-formulario-admision"],
        },
        DemoResource {
            slug: "house-agreements-template",
            title: "Community agreements written with residents",
            summary: "A template for replacing a long rule list with a few shared agreements that residents help write and review.",
            kind: "template",
            topics: &["voluntary_services", "housing"],
            audiences: &["shelter", "transitional_housing"],
            language: "en",
            published: "2024-01-22",
            reviewed: Some("2026-06-03"),
            members_only: true,
            body_md: r#"## From rules to agreements

A list of forty house rules tells residents that staff expect the worst of them. Many of those rules — curfews, chores as a condition of staying, no visitors, phones turned in — also look a lot like the control people experienced while they were being trafficked.

Shared agreements work differently. They are few, they explain their purpose, and the people who live in the house help write them.

## What is in the template

- A short opening that says the agreements exist so everyone can live safely together
- Space for four to eight agreements, each with a "why we agreed to this" line
- Agreements about shared space (quiet hours, kitchen use, guests in common areas)
- The handful of safety rules that are not up for vote, such as no weapons, each with its legal or safety reason
- What happens when an agreement is not kept: a conversation first, support second, and exit only for serious safety reasons, with an appeal
- A schedule for a house meeting to review the agreements

## Running the first meeting

1. Pay residents for their time or offer a meal and child care.
2. Start with what makes a home feel safe, not with what is forbidden.
3. Write agreements in the residents' words. Translate them.
4. Agree on a date to review them, and keep it.

This template is shared with programs whose staff have completed the voluntary services training, because it works best alongside that training."#,
            media_url: None,
            related: &["voluntary-services-policy-template", "grievance-procedure-template", "rule-review-worksheet"],
        },
        DemoResource {
            slug: "release-of-information-template",
            title: "Release of information: specific, time-limited and revocable",
            summary: "A consent form for sharing a participant's information with one named partner, for one purpose, for a limited time. File only.",
            kind: "template",
            topics: &["rights_based", "organizational_policy"],
            audiences: &["legal", "case_management", "law_enforcement"],
            language: "en",
            published: "2022-04-18",
            reviewed: Some("2024-11-12"),
            members_only: true,
            body_md: "",
            media_url: None,
            related: &["minimal-intake-form", "working-with-law-enforcement-guide"],
        },
        DemoResource {
            slug: "survivor-consultant-agreement",
            title: "Survivor consultant agreement",
            summary: "A template agreement for paying people with lived experience as consultants, with fair pay, clear scope and full control over their own stories. File only.",
            kind: "template",
            topics: &["survivor_leadership", "organizational_policy"],
            audiences: &["coalition", "other"],
            language: "en",
            published: "2023-07-11",
            reviewed: None,
            members_only: false,
            body_md: "",
            media_url: None,
            related: &["survivor-informed-organization-toolkit", "paid-survivor-leadership"],
        },
        DemoResource {
            slug: "grievance-procedure-template",
            title: "Grievance procedure without reprisal",
            summary: "A template that lets residents raise a concern or appeal a decision, with timelines, a neutral reviewer and a promise that speaking up never costs anyone their place.",
            kind: "template",
            topics: &["rights_based", "organizational_policy"],
            audiences: &["shelter", "transitional_housing"],
            language: "en",
            published: "2024-05-30",
            reviewed: Some("2025-12-15"),
            members_only: true,
            body_md: "",
            media_url: None,
            related: &["house-agreements-template", "voluntary-services-policy-template"],
        },
        DemoResource {
            slug: "es-formulario-admision",
            title: "Formulario de admisión breve",
            summary: "Una versión en español del formulario de admisión que pregunta solo lo necesario. Cada pregunta explica para qué sirve y la mayoría son opcionales.",
            kind: "template",
            topics: &["trauma_informed", "organizational_policy"],
            audiences: &["case_management", "shelter"],
            language: "es",
            published: "2023-02-27",
            reviewed: Some("2025-10-01"),
            members_only: false,
            body_md: r#"## Menos preguntas, mejores conversaciones

Muchos programas todavía usan paquetes de admisión larguísimos: historia completa de la situación de trata, antecedentes penales, estatus migratorio, datos de toda la familia. Todo eso el primer día, muchas veces antes de que la persona haya podido descansar o comer algo. Para alguien a quien ya han interrogado muchas veces, una entrevista así puede sentirse como otro interrogatorio.

Este formulario parte de una sola pregunta: **¿qué necesitamos saber hoy para ofrecer un lugar seguro y el siguiente paso?** Lo demás puede esperar hasta que la persona decida contarlo.

## Qué incluye

- Dos páginas, no diez
- Cada pregunta marcada como necesaria hoy u opcional
- Una explicación sencilla de por qué se pregunta y quién verá la respuesta
- Ninguna pregunta sobre los detalles de la experiencia de trata
- Al final, qué puede esperar la persona en los próximos días

## Antes de usarlo

- Adapte el vocabulario a su comunidad. El formulario usa un español neutro, pensado para personas de distintos países.
- Decida quién en su programa puede ver los expedientes de admisión y escríbalo en el formulario.
- Diga claramente que la persona puede saltarse cualquier pregunta y recibir ayuda de todos modos.
- Si el personal no habla español con fluidez, trabaje con una intérprete capacitada; no le pida a una hija, un hijo o una amiga que interprete.

## Para acompañarlo

La versión en inglés del mismo formulario y la plantilla de política de servicios voluntarios, para que lo que se pregunta y lo que se comparte sigan el mismo principio: lo mínimo necesario y siempre con consentimiento."#,
            media_url: None,
            related: &["minimal-intake-form", "es-guia-acceso-linguistico"],
        },
        // ---------------------------------------------------------------- tools
        DemoResource {
            slug: "safety-planning-tool",
            title: "Safety planning tool: a conversation, not a checklist",
            summary: "A worksheet a participant fills out with an advocate, in their own words, about what feels risky and what helps. The participant keeps it.",
            kind: "tool",
            topics: &["safety_planning", "trauma_informed"],
            audiences: &["case_management", "outreach", "hotline"],
            language: "en",
            published: "2021-11-09",
            reviewed: Some("2025-04-22"),
            members_only: false,
            body_md: r#"## What this tool is for

Safety planning is one of the most useful things an advocate can offer, and one of the easiest to get wrong. A plan written *for* someone, full of rules they did not choose ("do not contact anyone from your past", "stay inside after dark"), can feel like the control they just left. A plan written *with* someone builds on what they already know about staying safe.

This worksheet keeps the person in charge. It asks questions; it does not give orders.

## How it is organized

- **What feels risky right now** — people, places, times of day, money, phones, documents
- **What has helped before** — the person's own strategies, which are usually good ones
- **People I trust** — chosen by the person, with how to reach them
- **My phone and accounts** — simple steps for location sharing, passwords and social media
- **If I need to leave quickly** — what to take, where to go, how to get there
- **Work, school and getting around** — safe routes and schedules, if the person wants to plan them

## Tips for advocates

1. Ask before you start: "Would it help to think through safety together?" Accept "not today".
2. Let the person write, or write their words exactly.
3. Safety planning replaces blanket bans. If someone chooses to stay in contact with a family member who is connected to the trafficker, plan around that choice instead of forbidding it.
4. The participant keeps the plan. Do not copy it into the case file unless they ask you to.
5. Come back to it. Plans change as lives change.

## Fictional contact for practice

Role-plays in our trainings use the made-up number 555-0100 for "your local hotline". In real plans, write the numbers your community actually uses."#,
            media_url: None,
            related: &["es-herramienta-seguridad-digital", "phones-stay-with-residents", "recording-phones-webinar"],
        },
        DemoResource {
            slug: "rule-review-worksheet",
            title: "Rule review worksheet: does this rule mirror a trafficker's control?",
            summary: "A one-page tool for a team or a residents' meeting to test each house rule: what is it for, who does it hurt, and is there a less restrictive way?",
            kind: "tool",
            topics: &["organizational_policy", "voluntary_services"],
            audiences: &["shelter", "coalition"],
            language: "en",
            published: "2022-06-20",
            reviewed: Some("2024-08-19"),
            members_only: false,
            body_md: r#"## Why review rules at all

Rules accumulate. Each one was added after a hard day: an incident, a complaint, a funder visit. Years later, nobody remembers why residents must be in by 7 p.m. or hand over their phones, but the rules remain, and they shape how people experience your program.

People who have experienced trafficking know control well. A rule that limits movement, money, phones, visitors or sleep can feel familiar in the worst way. This worksheet helps a team look at each rule with fresh eyes.

## The five questions

For each rule, ask:

1. **What is it for?** Write the purpose in one sentence. If nobody can, that is your answer.
2. **Does it mirror a trafficker's control?** Think about phones, documents, money, movement, contact with family, food and sleep.
3. **Who does it hurt most?** People who work night shifts, parents, people in recovery, people with disabilities, people who do not read English.
4. **Is there a less restrictive way?** A conversation, an individual safety plan, a locked storage option the resident controls, a check-in that holds a room instead of punishing lateness.
5. **Who decided?** Were residents part of it? When will it be reviewed?

## Running the review

- Put every rule on its own card. Sort them into keep, change and drop.
- Include residents or former residents, and pay them.
- Keep rules that protect everyone's physical safety and have a clear reason.
- Write down what you changed and why, then tell residents and funders.

Teams that do this often cut their rule list by more than half and find that incidents do not go up."#,
            media_url: None,
            related: &["house-agreements-template", "voluntary-services-policy-template", "funder-requirements-brief"],
        },
        DemoResource {
            slug: "es-herramienta-seguridad-digital",
            title: "Herramienta de seguridad digital para el celular",
            summary: "Una guía de conversación para revisar juntos, y solo si la persona quiere, la ubicación compartida, las contraseñas y las redes sociales del teléfono.",
            kind: "tool",
            topics: &["safety_planning", "harm_reduction"],
            audiences: &["hotline", "outreach"],
            language: "es",
            published: "2024-09-16",
            reviewed: Some("2026-03-09"),
            members_only: false,
            body_md: r#"## El teléfono es una herramienta de seguridad

Para muchas personas que han vivido una situación de trata, el celular fue una forma de control: alguien lo revisaba, lo quitaba o lo usaba para vigilarlas. Por eso, quitarle el teléfono a alguien "por su seguridad" puede sentirse igual que antes. Esta herramienta propone lo contrario: que la persona conserve su teléfono y que, si quiere, lo revisemos juntos para que sea más seguro.

## Preguntas para empezar

- ¿Le preocupa que alguien sepa dónde está o lea sus mensajes?
- ¿Alguien más conoce sus contraseñas o tuvo su teléfono en las manos?
- ¿Hay aplicaciones que no reconoce?
- ¿Qué cuentas usa para hablar con su familia o para el trabajo?

## Pasos que se pueden revisar juntos

1. **Ubicación:** ver qué aplicaciones comparten la ubicación y apagar las que la persona no quiera.
2. **Contraseñas:** cambiar el código de desbloqueo y las contraseñas del correo y las redes, empezando por el correo.
3. **Cuentas compartidas:** revisar si hay sesiones abiertas en otros dispositivos y cerrarlas.
4. **Redes sociales:** ajustar quién puede ver las publicaciones y las fotos.
5. **Un plan B:** anotar en papel dos o tres números de confianza, por si el teléfono se pierde.

## Con cuidado

- A veces cambiar todo de golpe alerta a quien vigilaba. Hable con la persona sobre el mejor momento para hacer cada cambio.
- No revise el teléfono sin permiso ni lea mensajes privados.
- Si la persona prefiere no hacer nada por ahora, está bien. La oferta queda abierta.

En los ejercicios de práctica usamos el número ficticio 555-0100 como "la línea de ayuda local"."#,
            media_url: None,
            related: &["safety-planning-tool", "phones-stay-with-residents", "es-glosario-equipos-bilingues"],
        },
        // ---------------------------------------------------------------- fact sheets
        DemoResource {
            slug: "labor-trafficking-indicators",
            title: "Labor trafficking: indicators for service providers",
            summary: "A two-page fact sheet on signs that someone's work may involve force, fraud or coercion, and how to respond in a way that keeps the person in control.",
            kind: "fact_sheet",
            topics: &["labor_trafficking", "rights_based"],
            audiences: &["outreach", "health", "law_enforcement"],
            language: "en",
            published: "2021-05-17",
            reviewed: Some("2025-09-08"),
            members_only: false,
            body_md: r#"## Labor trafficking is often missed

Service providers are more likely to recognize sex trafficking than labor trafficking, even though forced labor happens in many industries: farms, restaurants, construction, cleaning, care work, factories, traveling sales crews and private homes. People in these situations often come to health clinics, food pantries and legal aid offices for something else entirely.

## What the fact sheet covers

- Indicators grouped by **work conditions**, **pay and debt**, **documents**, **housing** and **movement and contact**
- Why no single sign proves trafficking, and why many signs can also describe exploitation that is not trafficking but still matters
- Questions that open a conversation without pushing for a disclosure
- What to do next: offer information, respect the person's choice, and connect them with legal help if they want it
- A reminder that help must never depend on reporting to police

## A note on wording

The fact sheet talks about "people who may be experiencing labor trafficking" and "workers", not victims to be found. Many people do not see themselves as trafficked, and that is their call to make.

Download the PDF to print for staff rooms and outreach bags."#,
            media_url: None,
            related: &["es-indicadores-trata-laboral", "es-grabacion-trata-laboral-agricola", "immigration-relief-basics"],
        },
        DemoResource {
            slug: "sex-trafficking-myths-facts",
            title: "Sex trafficking: common myths and what providers see instead",
            summary: "A fact sheet that corrects common myths, such as kidnapping by strangers and chains, with what service providers actually see in their work.",
            kind: "fact_sheet",
            topics: &["sex_trafficking", "rights_based"],
            audiences: &["health", "hotline"],
            language: "en",
            published: "2021-08-30",
            reviewed: Some("2024-03-18"),
            members_only: false,
            body_md: r#"## Why myths matter

Media images of sex trafficking — strangers, vans, chains, dramatic raids — shape how staff recognize it and how they respond. When the picture in our heads does not match the person in front of us, we miss people, or we treat them as if they need to be controlled for their own good.

## What the fact sheet covers

- Most people are exploited by someone they know: a partner, a relative, an employer, a friend
- Control usually works through debt, threats, dependence and isolation, not locked doors
- People may have chances to leave and still stay, for reasons that make sense in their situation
- People of every gender are affected, including men, boys and transgender people
- Trading sex is not always trafficking, and people who trade sex deserve respectful services either way
- Respect for self-identification: a person decides whether "trafficking" describes their life

## Using it in training

Pair the fact sheet with a short discussion: which of these myths show up in our own forms, rules or outreach materials? Many programs find the answer is "more than we thought"."#,
            media_url: None,
            related: &["recording-harm-reduction-conversation", "es-jovenes-explotacion-sexual", "person-first-glossary"],
        },
        DemoResource {
            slug: "housing-first-for-survivors",
            title: "Housing first for people who have experienced trafficking",
            summary: "A fact sheet on offering housing without preconditions such as sobriety, income, treatment or cooperation with police, and what the research says about why it works.",
            kind: "fact_sheet",
            topics: &["housing", "voluntary_services"],
            audiences: &["transitional_housing", "shelter"],
            language: "en",
            published: "2022-02-08",
            reviewed: Some("2026-01-12"),
            members_only: false,
            body_md: r#"## The idea in one sentence

A safe place to live comes first, and services are offered, not required, once the person has a door that locks.

## What the fact sheet covers

- The core principles: no preconditions to enter or stay, choice of housing where possible, services offered and offered again
- Why preconditions backfire: people who feel controlled leave, and leaving a program often means returning to danger
- How this applies to survivors of both labor and sex trafficking, and to families as the person defines them
- What staff actually do differently day to day
- A note on the policy context: federal homelessness funding priorities have shifted since 2025, so the fact sheet presents housing first as sound professional practice and points programs to their own funder language

## Who it is for

Shelter and transitional housing staff, boards and funders who want a short, plain-language explanation they can share."#,
            media_url: None,
            related: &["harm-reduction-in-shelter", "es-kit-vivienda-voluntaria", "funder-requirements-brief"],
        },
        DemoResource {
            slug: "harm-reduction-in-shelter",
            title: "Harm reduction in shelter and housing programs",
            summary: "Why substance use alone should never end someone's stay, and what shelters can do instead to keep everyone safe.",
            kind: "fact_sheet",
            topics: &["harm_reduction", "housing"],
            audiences: &["shelter", "health"],
            language: "en",
            published: "2023-10-02",
            reviewed: None,
            members_only: false,
            body_md: r#"## Why it matters for survivors

Traffickers sometimes introduce or exploit substance use to keep people dependent. A program that ends someone's stay over a positive test or a relapse removes the person from safety at the moment they are most at risk of being exploited again.

## What the fact sheet covers

- What harm reduction means in a residential setting, in plain words
- Behavior-based safety agreements instead of zero-tolerance rules
- Why random drug testing does not belong in a housing program
- Overdose preparedness: naloxone on site, training for staff and residents, no penalty for calling for help
- How to talk with a resident about use without shame
- Working with funders who ask about sobriety

## Who it is for

Shelter directors, house managers, overnight staff and the board members who set policy. Overnight staff in particular are often the ones asked to enforce zero-tolerance rules alone, and the fact sheet gives them a different way to respond.

Print it for your staff meeting, or share it with a board member who asks "but what about safety?"."#,
            media_url: None,
            related: &["housing-first-for-survivors", "recording-harm-reduction-conversation", "youth-drop-in-guide"],
        },
        DemoResource {
            slug: "immigration-relief-basics",
            title: "Immigration relief basics for non-attorney advocates",
            summary: "A plain-language overview of the forms of immigration relief that may be open to people who have experienced trafficking, and when to refer to an attorney.",
            kind: "fact_sheet",
            topics: &["legal_immigration", "rights_based"],
            audiences: &["legal", "case_management"],
            language: "en",
            published: "2022-11-15",
            reviewed: Some("2025-06-30"),
            members_only: false,
            body_md: r#"## What advocates need to know

Advocates are not immigration attorneys, and the fact sheet is not legal advice. But advocates are often the first to hear that someone is worried about their status, and what they say in that moment matters.

## What the fact sheet covers

- The main forms of relief programs hear about, described in general terms: T nonimmigrant status, U nonimmigrant status, continued presence, and protections for children and young people
- Why eligibility depends on facts only an attorney should assess
- Why services never depend on a person's immigration status or on their willingness to work with law enforcement
- How to make a warm referral to a qualified nonprofit immigration attorney or accredited representative
- Confidentiality: what not to write in case notes

## Keep it current

Immigration law and agency practice change often. Check the review date on this page and confirm details with an attorney before relying on them."#,
            media_url: None,
            related: &["labor-trafficking-indicators", "es-guia-acceso-linguistico", "release-of-information-template"],
        },
        DemoResource {
            slug: "youth-confidentiality",
            title: "Confidentiality and consent with young people",
            summary: "A fact sheet for drop-in and counseling staff on explaining confidentiality to young people honestly, including its limits, before they share anything.",
            kind: "fact_sheet",
            topics: &["youth", "trauma_informed"],
            audiences: &["drop_in", "mental_health"],
            language: "en",
            published: "2023-04-24",
            reviewed: Some("2026-04-06"),
            members_only: false,
            body_md: r#"## Honesty first

Young people who have been exploited have often been lied to by adults who promised to help. The quickest way to lose their trust is to promise total secrecy and then make a report they did not see coming.

## What the fact sheet covers

- How to explain confidentiality and its limits at the start, in words a young person can repeat back
- Mandated reporting: what it is, what it is not, and how to keep the young person informed and involved if a report is made
- Consent for services, and what young people can agree to on their own in many states (check your state's rules)
- Keeping notes short and factual
- Sharing information with parents or guardians when it may not be safe to do so

## A practice script

The fact sheet includes a short script staff can adapt and practice in pairs, so the explanation sounds natural instead of legal."#,
            media_url: None,
            related: &["youth-drop-in-guide", "es-jovenes-explotacion-sexual", "trauma-informed-supervision-guide"],
        },
        DemoResource {
            slug: "phones-stay-with-residents",
            title: "Why residents keep their phones",
            summary: "A fact sheet for shelter teams on why taking or holding residents' phones harms safety and trust, and what to do instead about location concerns.",
            kind: "fact_sheet",
            topics: &["voluntary_services", "safety_planning"],
            audiences: &["shelter"],
            language: "en",
            published: "2024-02-12",
            reviewed: Some("2026-09-14"),
            members_only: false,
            body_md: r#"## A common rule with a high cost

Many shelters still ask residents to turn in their phones at intake or hold them for the first weeks "for safety". For people who have experienced trafficking, having a phone taken away is often part of what they lived through. The rule also cuts people off from work, children, family, lawyers and the support they will need after they leave.

## What the fact sheet covers

- Why a blanket phone rule undermines safety instead of building it
- The real concerns behind the rule — a shelter's location, photos of other residents, contact with a trafficker — and how to address each one directly
- Technology safety planning as an offer, not a requirement
- Agreements about photos in shared spaces that residents help write
- What to say to a board member or funder who asks

Share it with your team alongside the webinar recording on the same subject."#,
            media_url: None,
            related: &["recording-phones-webinar", "safety-planning-tool", "es-herramienta-seguridad-digital"],
        },
        DemoResource {
            slug: "paid-survivor-leadership",
            title: "Paying people with lived experience fairly",
            summary: "A fact sheet on moving from unpaid \"survivor voice\" to paid roles, from consultants to board seats, with fair rates and control over personal stories.",
            kind: "fact_sheet",
            topics: &["survivor_leadership", "organizational_policy"],
            audiences: &["coalition", "other"],
            language: "en",
            published: "2025-01-27",
            reviewed: Some("2026-07-20"),
            members_only: false,
            body_md: r#"## Expertise deserves pay

Organizations often ask people with lived experience to speak at events, review materials or sit on advisory groups for free, or for a gift card. That is not leadership; it is unpaid labor, and it can repeat the exploitation people have already survived.

## What the fact sheet covers

- The difference between token involvement and real influence over decisions
- Setting rates that match what the organization pays other consultants and professionals
- Paying promptly, and in ways that do not put someone's benefits or safety at risk
- Roles across the organization: program design, hiring panels, evaluation, training, boards and staff positions
- Story control: nobody is ever required to share their story, and anyone who does can review, change or withdraw it

## A first step

Look at last year's budget. How much did the organization pay people with lived experience, and for what? If the answer is "very little" or "only for speaking at events", start by setting a rate and adding a line to the next budget.

## Use it with

The survivor consultant agreement template and the survivor-informed organization toolkit."#,
            media_url: None,
            related: &["survivor-consultant-agreement", "survivor-informed-organization-toolkit", "person-first-glossary"],
        },
        DemoResource {
            slug: "es-indicadores-trata-laboral",
            title: "Trata laboral: señales para proveedores de servicios",
            summary: "Hoja informativa sobre señales de que el trabajo de una persona puede implicar fuerza, fraude o coerción, y cómo responder respetando sus decisiones.",
            kind: "fact_sheet",
            topics: &["labor_trafficking", "legal_immigration"],
            audiences: &["outreach", "health"],
            language: "es",
            published: "2022-07-11",
            reviewed: Some("2025-09-08"),
            members_only: false,
            body_md: r#"## Una forma de trata que se pasa por alto

Cuando se habla de trata de personas, casi siempre se piensa en la explotación sexual. Pero el trabajo forzado existe en muchos sectores: el campo, los restaurantes, la construcción, la limpieza, el cuidado de niños y personas mayores, las fábricas y las casas particulares. Muchas de las personas afectadas llegan a una clínica, a un banco de alimentos o a una oficina de ayuda legal buscando otra cosa.

## Qué incluye la hoja

- Señales agrupadas en **condiciones de trabajo**, **pago y deudas**, **documentos**, **vivienda** y **libertad de movimiento**
- Por qué ninguna señal por sí sola demuestra que hay trata, y por qué la explotación laboral importa aunque no sea trata
- Preguntas para abrir una conversación sin presionar a la persona a contar su historia
- Qué hacer después: dar información, respetar la decisión de la persona y, si ella quiere, conectarla con ayuda legal
- Un recordatorio: la ayuda nunca depende de denunciar a la policía ni del estatus migratorio

## Sobre el lenguaje

Hablamos de "personas trabajadoras" y de "personas que podrían estar viviendo una situación de trata laboral". Muchas no se identifican con la palabra "víctima", y esa decisión les corresponde a ellas.

Descargue el PDF para imprimirlo y llevarlo en las visitas de alcance comunitario."#,
            media_url: None,
            related: &["labor-trafficking-indicators", "es-grabacion-trata-laboral-agricola", "es-guia-acceso-linguistico"],
        },
        DemoResource {
            slug: "es-jovenes-explotacion-sexual",
            title: "Jóvenes y explotación sexual: lo que el personal debe saber",
            summary: "Hoja informativa para centros de día y programas juveniles sobre cómo reconocer la explotación sexual de jóvenes sin juzgar y cómo acompañarles.",
            kind: "fact_sheet",
            topics: &["youth", "sex_trafficking"],
            audiences: &["drop_in", "outreach"],
            language: "es",
            published: "2025-03-03",
            reviewed: None,
            members_only: false,
            body_md: r#"## Lo que vemos en la práctica

La mayoría de las y los jóvenes que viven explotación sexual no llegan diciendo "soy víctima de trata". Llegan con hambre, sin dónde dormir, con un teléfono nuevo que alguien les regaló o hablando de una pareja mayor que "les ayuda con todo". Muchas veces quien les explota es alguien cercano.

## Qué incluye la hoja

- Situaciones que pueden hacer pensar en explotación, explicadas sin alarmismo
- Por qué un o una joven puede defender a quien le explota, y por qué discutir con esa lealtad suele alejarle
- Cómo explicar la confidencialidad y sus límites antes de que la persona cuente algo
- Qué hacer si hay que hacer un reporte obligatorio, manteniendo informada a la persona joven
- Servicios que ayudan de verdad: comida, ducha, ropa, un lugar tranquilo, atención médica y alguien que no se rinde

## Para el equipo

Esta hoja funciona mejor si se lee en grupo. Al final hay tres preguntas para conversar en una reunión de equipo."#,
            media_url: None,
            related: &["youth-confidentiality", "youth-drop-in-guide", "sex-trafficking-myths-facts"],
        },
        // ---------------------------------------------------------------- guides
        DemoResource {
            slug: "trauma-informed-supervision-guide",
            title: "Reflective supervision for trauma-informed teams",
            summary: "A guide for supervisors on making room for the emotional weight of the work, so staff stay well and keep offering choice instead of control.",
            kind: "guide",
            topics: &["trauma_informed", "organizational_policy"],
            audiences: &["mental_health", "other"],
            language: "en",
            published: "2022-10-03",
            reviewed: Some("2025-02-24"),
            members_only: false,
            body_md: r#"## Why supervision is a trauma-informed practice

Staff who hear about exploitation every day carry some of it home. When that weight builds up without anywhere to go, people become tired, short-tempered and more likely to lean on rules and control. A trauma-informed program pays attention to its staff for the same reasons it pays attention to the people it serves.

Reflective supervision is a regular, protected time for a staff member and supervisor to think together about the work: what happened, how it felt, and what to try next.

## The guide walks through

- **Setting it up:** how often, how long, and why it should not be cancelled when things get busy
- **Structure:** a simple three-part flow — what happened, what it brought up, what next
- **Questions that help:** "What did you notice in yourself?" "What might the participant have been feeling?" "What choices did they have in that moment?"
- **Secondary traumatic stress:** signs to watch for, and how to respond without judgment
- **Group reflection:** a monthly case conversation in which the focus is learning, not blame
- **Boundaries:** supervision is not therapy; know where to refer staff who need more

## Getting started this month

1. Put a recurring hour on the calendar for each direct-service staff member.
2. Agree on confidentiality within supervision and its limits.
3. Try the three-part flow for six weeks, then ask staff what to change.
4. Budget for it. Reflective supervision is part of the work, not an extra.

## For leaders

If supervisors themselves have no one to reflect with, start there. Peer consultation among supervisors, or an outside consultant once a month, keeps the practice going."#,
            media_url: None,
            related: &["youth-confidentiality", "person-first-glossary", "survivor-informed-organization-toolkit"],
        },
        DemoResource {
            slug: "youth-drop-in-guide",
            title: "Running a low-barrier drop-in for young people",
            summary: "A practical guide for drop-in centers serving young people who may be trading sex or being exploited: open doors, few questions and harm reduction.",
            kind: "guide",
            topics: &["youth", "harm_reduction"],
            audiences: &["drop_in", "outreach"],
            language: "en",
            published: "2023-08-14",
            reviewed: Some("2026-05-18"),
            members_only: false,
            body_md: r#"## Low barrier means low barrier

A drop-in center works when young people can walk in without an appointment, without ID, without telling their story and without being lectured. Every extra requirement keeps out the young people who most need a warm, safe place.

## What the guide covers

### The door
- No ID or sign-in with a legal name; a first name or nickname is enough
- Open hours that match when young people are actually around, including evenings
- A clear, short list of the few things not allowed inside, such as weapons and violence

### The room
- Food, showers, laundry, phone charging, Wi-Fi and a quiet corner
- Staff who are there to talk, not to watch
- Peer staff and volunteers who are paid

### Harm reduction
- Condoms, naloxone and other supplies available without asking
- Conversations about safer dating, safer work and substance use that start from where the young person is
- No penalties for being high; a plan for when someone needs medical help

### Building trust over time
- Small offers first: a meal, a ride, a phone call
- Follow through on every promise, however small
- Explain confidentiality and its limits early and honestly

## Measuring success

Count returns, not disclosures. A young person who keeps coming back is a young person who knows where to go when they are ready for more."#,
            media_url: None,
            related: &["youth-confidentiality", "es-jovenes-explotacion-sexual", "harm-reduction-in-shelter"],
        },
        DemoResource {
            slug: "es-guia-acceso-linguistico",
            title: "Guía de acceso lingüístico para programas de servicios",
            summary: "Cómo ofrecer servicios en el idioma que la persona prefiere: intérpretes capacitados, documentos traducidos y qué hacer cuando no hay intérprete disponible.",
            kind: "guide",
            topics: &["rights_based", "legal_immigration"],
            audiences: &["legal", "hotline"],
            language: "es",
            published: "2024-04-08",
            reviewed: Some("2026-08-31"),
            members_only: false,
            body_md: r#"## El idioma también es una cuestión de derechos

Una persona que no entiende lo que firma no puede dar su consentimiento. Una persona que tiene que contar su historia a través de su hijo adolescente o del mismo empleador que la explotaba no está segura. El acceso lingüístico no es un favor: es una condición básica para que los servicios sean voluntarios y basados en derechos.

## Qué cubre la guía

### Preguntar bien
- Preguntar en qué idioma prefiere hablar la persona, y no suponerlo por su país de origen
- Tener en cuenta las lenguas indígenas: muchas personas de México y Centroamérica hablan mam, k'iche', mixteco u otras lenguas, y el español es su segundo idioma

### Trabajar con intérpretes
- Usar intérpretes capacitados, presenciales, por teléfono o por video
- No usar a familiares, menores de edad, compañeros de trabajo ni personal que "habla un poco"
- Hablarle a la persona, no a la intérprete, y usar frases cortas
- Confirmar que la intérprete no conoce a la persona ni a su comunidad cercana, cuando eso importa para su seguridad

### Documentos
- Traducir lo esencial: derechos, reglas, formularios de consentimiento y planes de seguridad
- Revisar las traducciones con hablantes de la comunidad, no solo con un programa automático
- Leer en voz alta los documentos si la persona lo prefiere

### Cuando no hay intérprete
- No avanzar con decisiones importantes; buscar un servicio telefónico de interpretación
- Dejar constancia de la demora y volver a ofrecer la cita

## Un plan para su programa

La guía termina con una lista breve para revisar cada año: qué idiomas hablan las personas que atendemos, con qué servicios de interpretación contamos, qué documentos faltan por traducir y cuánto presupuesto hace falta."#,
            media_url: None,
            related: &["es-formulario-admision", "immigration-relief-basics", "es-glosario-equipos-bilingues"],
        },
        DemoResource {
            slug: "working-with-law-enforcement-guide",
            title: "Working alongside law enforcement without making help conditional",
            summary: "A guide for advocates and officers on partnering in ways that keep services voluntary, protect confidentiality and leave the decision to report with the survivor.",
            kind: "guide",
            topics: &["rights_based", "labor_trafficking"],
            audiences: &["law_enforcement", "legal"],
            language: "en",
            published: "2021-09-27",
            reviewed: Some("2024-10-07"),
            members_only: false,
            body_md: r#"## Two roles, one person

Police officers, investigators and prosecutors often meet people who have experienced trafficking before any service provider does. Their work and an advocate's work can support each other, but only when each side understands where its role ends.

The most important line: **services never depend on cooperating with an investigation.** People who fear police, immigration consequences or retaliation still deserve a safe place, food, medical care and legal advice.

## What the guide covers

### For advocates
- Explaining to a participant, before any interview, what cooperation can involve and what their options are
- Accompanying a participant to an interview if they ask, and stepping out if they prefer
- Keeping advocacy records separate and sharing only with specific, written, time-limited consent

### For law enforcement partners
- Why an immediate, detailed interview rarely produces the best account
- Meeting basic needs first and letting the person rest before questioning
- Language access with qualified interpreters, never a co-worker or relative
- Avoiding arrest of people for offenses they were forced to commit

### For both
- A shared protocol, written together and reviewed each year
- A named contact on each side
- A plan for labor trafficking cases, which often involve labor agencies and civil remedies as well as criminal ones

## Starting the conversation

Use the guide as an agenda for a first joint meeting. Bring the release of information template so everyone sees what consent looks like in practice."#,
            media_url: None,
            related: &["release-of-information-template", "labor-trafficking-indicators", "immigration-relief-basics"],
        },
        // ---------------------------------------------------------------- toolkits
        DemoResource {
            slug: "survivor-informed-organization-toolkit",
            title: "Survivor-informed organization toolkit",
            summary: "A set of discussion guides, checklists and planning pages for bringing people with lived experience into real decision-making across an organization.",
            kind: "toolkit",
            topics: &["survivor_leadership", "organizational_policy"],
            audiences: &["coalition"],
            language: "en",
            published: "2023-11-20",
            reviewed: Some("2026-10-05"),
            members_only: false,
            body_md: r#"## What "survivor-informed" means here

An organization is survivor-informed when people with lived experience shape its mission, programs, hiring, fundraising and evaluation — and are paid for that work. It is not the same as inviting someone to tell their story at a gala.

## What is in the toolkit

1. **Where are we now?** A self-review covering mission, programs, referrals, outreach, fundraising and human resources, with space for honest notes.
2. **Planning roles.** Worksheets for advisory groups, consultant roles, staff positions and board seats, with the decisions each role can actually influence.
3. **Fair pay.** A worksheet for setting rates and a checklist for paying on time without endangering public benefits.
4. **Story control.** A policy outline that says nobody is ever required to share their story; anyone who does can review, change or withdraw it; and stories are never used in fundraising without informed, paid, revocable consent.
5. **Support and supervision.** How to support staff with lived experience like any other professional, without assuming fragility.
6. **Evaluation.** Questions for an annual conversation about what changed because of survivor input.

## How coalitions use it

Coalitions can run the self-review across member organizations and share the results as a group, without naming any single program. That makes it easier to spot common gaps and plan shared training.

## Related templates

The survivor consultant agreement is included in the toolkit as a separate editable file."#,
            media_url: None,
            related: &["survivor-consultant-agreement", "paid-survivor-leadership", "trauma-informed-supervision-guide"],
        },
        DemoResource {
            slug: "es-kit-vivienda-voluntaria",
            title: "Kit de vivienda con servicios voluntarios",
            summary: "Materiales para que programas de albergue y vivienda transitoria revisen sus reglas, ofrezcan servicios sin condiciones y escriban acuerdos de convivencia con las residentes.",
            kind: "toolkit",
            topics: &["housing", "voluntary_services"],
            audiences: &["transitional_housing", "shelter"],
            language: "es",
            published: "2025-05-19",
            reviewed: Some("2026-11-02"),
            members_only: false,
            body_md: r#"## Para qué sirve este kit

Muchos albergues y programas de vivienda transitoria ponen condiciones a la ayuda: asistir a grupos, entregar el teléfono, volver antes de cierta hora, no recibir visitas, hacer tareas para "ganarse" la cama. Para una persona que vivió una situación de trata, esas condiciones pueden parecerse demasiado a lo que ya vivió. Este kit ayuda a los equipos a cambiar esas prácticas paso a paso.

## Qué contiene

1. **Autoevaluación rápida:** veinte preguntas de sí o no para ver qué tan voluntarios son hoy los servicios del programa.
2. **Revisión de reglas:** una hoja para analizar cada regla con cinco preguntas, entre ellas "¿se parece esta regla al control que ejercía el tratante?".
3. **Acuerdos de convivencia:** una guía para escribir, junto con las residentes, unos pocos acuerdos en lugar de una lista larga de prohibiciones.
4. **Conversaciones difíciles:** ejemplos de cómo responder cuando alguien del equipo dice "sin reglas esto va a ser un caos".
5. **Financiadores:** cómo leer los requisitos de cada contrato palabra por palabra y cumplirlos de la manera menos restrictiva posible.

## Cómo usarlo

- Trabaje con un grupo pequeño: dirección, personal de turno y al menos dos residentes o exresidentes, con pago por su tiempo.
- Avance un tema por reunión. Cinco reuniones bastan para terminar el kit.
- Anote cada cambio y comuníquelo a todo el equipo y a las residentes.

## Un recordatorio

Las pocas normas que protegen la seguridad física de todas las personas se mantienen. El objetivo no es quitar toda norma, sino que ninguna ayuda dependa de obedecer."#,
            media_url: None,
            related: &["housing-first-for-survivors", "house-agreements-template", "rule-review-worksheet"],
        },
        DemoResource {
            slug: "rural-outreach-toolkit",
            title: "Outreach toolkit for rural and farmworker communities",
            summary: "Planning pages, conversation guides and supply lists for outreach teams reaching people in rural areas, including farmworkers and people in isolated jobs.",
            kind: "toolkit",
            topics: &["labor_trafficking", "sex_trafficking"],
            audiences: &["outreach"],
            language: "en",
            published: "2024-06-24",
            reviewed: None,
            members_only: false,
            body_md: r#"## Outreach where services are far away

In rural areas, the nearest shelter may be two hours away, there may be no public transit, and everyone knows everyone. People working on farms, in packing plants, on fishing boats or in roadside businesses can be isolated by distance, language and employer-controlled housing. Outreach has to meet people where they are, on their schedule.

## What is in the toolkit

1. **Mapping:** a worksheet for listing where people live, work, shop, pray and send money, and who already has their trust.
2. **Partners:** community health workers, clinics, farmworker organizations, faith communities and legal aid, and how to approach each.
3. **Conversation guides:** opening lines about work, pay and housing that do not mention trafficking, in English and Spanish.
4. **Supply list:** what outreach bags usually carry — water, snacks, hygiene kits, phone chargers, know-your-rights cards.
5. **Safety for workers and staff:** visiting when employers are not around, never putting anyone at risk of retaliation, and planning for staff safety on remote roads.
6. **Follow-up:** how to stay in touch without a fixed address, and how to connect people with services they choose.

## Both forms of trafficking

Labor and sex trafficking overlap in rural economies, for example when workers in labor camps are also exploited sexually. The conversation guides help staff listen for both without leading.

## Respect first

Outreach teams are guests. The toolkit's first rule: leave every conversation with the person feeling more in control, not less."#,
            media_url: None,
            related: &["labor-trafficking-indicators", "es-indicadores-trata-laboral", "es-grabacion-trata-laboral-agricola"],
        },
        // ---------------------------------------------------------------- recordings
        DemoResource {
            slug: "recording-phones-webinar",
            title: "Webinar recording: phones stay with residents",
            summary: "A 55-minute webinar in which two shelter directors describe ending their phone-collection rules and what happened next.",
            kind: "recording",
            topics: &["voluntary_services", "safety_planning"],
            audiences: &["shelter", "transitional_housing"],
            language: "en",
            published: "2024-03-21",
            reviewed: Some("2024-03-21"),
            members_only: false,
            body_md: r#"## About this recording

Two shelter directors from fictional programs — Lena Osei of Riverbend House and Carlos Medina of Northgate Transitional Living — talk about why their programs stopped collecting residents' phones, how staff reacted, and what they changed instead. Facilitator Kwame Asante moderates and takes questions.

## Chapters

- **00:00** Welcome and why this topic keeps coming up in technical assistance
- **06:30** "We thought we were protecting the shelter's location": Riverbend's old rule and where it came from
- **15:10** What residents said when they were asked
- **22:45** Replacing the rule: technology safety planning, agreements about photos, and a charging station in the lobby
- **34:00** Staff worries, and what actually happened over the following year
- **43:20** Questions from participants: funders, young residents and shared rooms
- **52:00** Where to start on Monday

## Accessibility

Captions are included in the video. A transcript is available on request from the resource library team.

## Use it in a team meeting

Watch the section from 15:10 to 34:00 together (about twenty minutes), then talk through two questions: Which of our rules came from one incident long ago? What would residents say about it if we asked?"#,
            media_url: Some("https://media.example.org/tta/webinars/phones-stay-with-residents.mp4"),
            related: &["phones-stay-with-residents", "safety-planning-tool", "rule-review-worksheet"],
        },
        DemoResource {
            slug: "es-grabacion-trata-laboral-agricola",
            title: "Pódcast: trata laboral en la agricultura",
            summary: "Episodio de 38 minutos en el que una abogada y una promotora de salud conversan sobre cómo reconocer la trata laboral en el campo y acompañar a las personas trabajadoras.",
            kind: "recording",
            topics: &["labor_trafficking", "legal_immigration"],
            audiences: &["outreach", "legal"],
            language: "es",
            published: "2025-08-11",
            reviewed: None,
            members_only: false,
            body_md: r#"## Sobre el episodio

En este episodio conversan dos invitadas ficticias: la abogada Gabriela Fuentes, que asesora a personas trabajadoras agrícolas en temas laborales y migratorios, y Rosa Jiménez, promotora de salud comunitaria con quince años de experiencia visitando campamentos. Modera Marisol Ortega, del equipo del instituto.

## Temas

- **00:00** Presentación de las invitadas
- **03:15** Qué diferencia hay entre malas condiciones de trabajo, explotación laboral y trata
- **11:40** Señales que Rosa ha aprendido a notar: deudas que nunca bajan, documentos "guardados" por el contratista, vivienda controlada por el patrón
- **19:05** Por qué muchas personas no quieren denunciar, y por qué hay que respetarlo
- **25:30** Opciones legales explicadas en términos generales, y cuándo buscar una abogada
- **32:50** Consejos para equipos de alcance comunitario

## Para escuchar en equipo

Proponemos escuchar el episodio completo y luego conversar: ¿qué señales vemos en nuestra región? ¿Con qué organizaciones agrícolas o clínicas podríamos coordinarnos?

Este episodio no es asesoría legal. Las situaciones migratorias dependen de los hechos de cada caso; consulte siempre con una abogada o un representante acreditado."#,
            media_url: Some("https://media.example.org/tta/podcast/trata-laboral-agricultura.mp3"),
            related: &["es-indicadores-trata-laboral", "rural-outreach-toolkit", "labor-trafficking-indicators"],
        },
        DemoResource {
            slug: "recording-harm-reduction-conversation",
            title: "Audio conversation: harm reduction and sex trafficking",
            summary: "A 42-minute conversation between a nurse practitioner and a peer advocate about offering harm reduction to people who trade sex, whether or not they see it as trafficking.",
            kind: "recording",
            topics: &["harm_reduction", "sex_trafficking"],
            audiences: &["health", "mental_health"],
            language: "en",
            published: "2025-10-06",
            reviewed: None,
            members_only: false,
            body_md: r#"## About this conversation

Nurse practitioner Ruth Nakamura and peer advocate Dee Hollis (both fictional) talk about what it takes for health and counseling programs to be places where people who trade sex feel safe coming back. Dee draws on years of paid peer work; Ruth on a clinic that rebuilt its intake around consent.

## What they cover

- **00:00** Introductions
- **04:20** Why "are you being trafficked?" is the wrong first question
- **10:45** Meeting people where they are: supplies, testing, wound care, contraception, naloxone
- **18:30** When someone says their situation is their choice, and when it might not be
- **26:10** Mental health care without conditions: no sobriety or "exit" requirement to get counseling
- **33:40** What clinics can change this month: forms, waiting rooms, who answers the phone
- **39:00** Closing thoughts

## Listening notes

The conversation mentions substance use, violence and the loss of friends. Take breaks as needed. A short list of discussion questions is available from the resource library team."#,
            media_url: Some("https://media.example.org/tta/audio/harm-reduction-conversation.mp3"),
            related: &["harm-reduction-in-shelter", "sex-trafficking-myths-facts", "youth-drop-in-guide"],
        },
        // ---------------------------------------------------------------- other
        DemoResource {
            slug: "person-first-glossary",
            title: "Person-first language: a short glossary",
            summary: "Words and phrases to use, and some to leave behind, when writing and speaking about people who have experienced trafficking.",
            kind: "other",
            topics: &["trauma_informed", "survivor_leadership"],
            audiences: &["other", "coalition"],
            language: "en",
            published: "2021-04-12",
            reviewed: Some("2025-11-03"),
            members_only: false,
            body_md: r#"## Why words matter

The words programs use show up in intake forms, grant reports, social media posts and conversations in the hallway. They shape how staff see the people they serve, and how those people see themselves. This glossary is a starting point, not a rulebook. **The best term is always the one a person chooses for themselves.**

## Terms we suggest

- **People who have experienced trafficking** — puts the person first and the experience second
- **Survivor** — many people use it with pride; others do not identify with it; ask
- **Participant, resident, client, member** — pick one that fits your program and ask people what they prefer
- **Lived experience** — expertise gained from living through something, to be recognized and paid
- **Offer, invite, support** — for services, because services are voluntary
- **Leave, move on, exit** — for how a stay ends, neutral and without blame

## Terms to reconsider

- **"Victim"** as an identity — it is a legal term in some settings, but not a description of a whole person
- **"Rescue"** — implies the person was passive and that helpers are heroes; say "connected with services" or "left the situation"
- **"Prostitute"** — use "person who trades sex" or the person's own words
- **"Non-compliant", "refused services"** — say "chose not to" or "declined for now"
- **"Runaway"** for young people — many left unsafe situations; say "young person experiencing homelessness"
- **Images of chains, tape over mouths or hands reaching from darkness** — sensational and inaccurate

## Put it to use

Read your program's website and most recent grant report with this list in hand. Change one document this month."#,
            media_url: None,
            related: &["es-glosario-equipos-bilingues", "paid-survivor-leadership", "sex-trafficking-myths-facts"],
        },
        DemoResource {
            slug: "es-glosario-equipos-bilingues",
            title: "Glosario para equipos bilingües",
            summary: "Términos en inglés y español para hablar de trata de personas con respeto, pensado para intérpretes y personal que atiende en los dos idiomas.",
            kind: "other",
            topics: &["rights_based", "sex_trafficking"],
            audiences: &["hotline", "case_management"],
            language: "es",
            published: "2023-05-29",
            reviewed: Some("2026-02-23"),
            members_only: false,
            body_md: r#"## Por qué un glosario

En los equipos bilingües, cada persona traduce a su manera. Una dice "víctima", otra "sobreviviente", otra "la clienta". Alguien traduce *sex work* como "prostitución" y otra persona como "trabajo sexual". Esas diferencias llegan a las personas que atendemos y pueden hacer que se sientan juzgadas. Este glosario propone términos comunes y explica por qué.

## Términos sugeridos

- **Person who has experienced trafficking** — persona que ha vivido una situación de trata
- **Survivor** — sobreviviente (preguntar si la persona se identifica con la palabra)
- **Trafficker** — tratante; evitar "su dueño" o "su padrote", aunque la persona use esas palabras
- **Labor trafficking** — trata laboral o trata con fines de trabajo forzado
- **Person who trades sex** — persona que intercambia sexo; usar las palabras que la persona elija
- **Voluntary services** — servicios voluntarios; no "servicios opcionales", que suena a que son de segunda
- **Safety plan** — plan de seguridad
- **Release of information** — autorización para compartir información
- **Hotline** — línea de ayuda; en los materiales de práctica usamos el número ficticio 555-0100

## Palabras que conviene evitar

- **"Rescatar"** — la persona no es pasiva; mejor "salió de la situación" o "se conectó con servicios"
- **"Ilegal"** para hablar de personas — usar "persona sin documentos" o "sin estatus migratorio"
- **"No cooperó"** — mejor "decidió no hacerlo por ahora"

## Variantes regionales

Las personas vienen de muchos países y regiones. Cuando una palabra tenga otro sentido en la comunidad de alguien, use la de la persona y anótela aquí para el resto del equipo."#,
            media_url: None,
            related: &["person-first-glossary", "es-guia-acceso-linguistico", "es-herramienta-seguridad-digital"],
        },
        DemoResource {
            slug: "funder-requirements-brief",
            title: "Reading funder requirements in the least restrictive way",
            summary: "A short brief for program leaders on checking what a grant actually requires before turning it into rules for residents.",
            kind: "other",
            topics: &["organizational_policy", "housing"],
            audiences: &["other", "transitional_housing", "coalition"],
            language: "en",
            published: "2026-01-19",
            reviewed: Some("2026-11-16"),
            members_only: false,
            body_md: r#"## "The funder makes us do it"

When programs explain a restrictive rule, the reason given is often a funder. Sometimes that is true. Often the requirement is narrower than the rule it produced: a contract asks programs to "offer case management", and the house rules say residents "must meet weekly with a case manager or lose their bed".

## Read the words, not the rumor

1. **Find the document.** Get the actual grant agreement, notice of funding or regulation, not a summary from a past staff member.
2. **Quote it exactly.** Write the requirement word for word next to the rule it is supposed to justify.
3. **Ask what is required of whom.** Many requirements apply to the program (offer, document, report), not to residents (attend, comply, prove).
4. **Choose the least restrictive way to comply.** If the program must offer services, offer them well and record the offer. If data is required, collect only what is asked, with consent.
5. **Ask the funder.** Program officers can often confirm in writing that services may be voluntary.

## Changing policy context

Federal funding priorities for homelessness programs shifted in 2025 toward treatment and work requirements. Some trafficking and domestic violence funding streams still prohibit conditioning housing on services. Requirements differ by funder and change over time, so check each agreement and its date.

## Keep a record

Keep a simple table of each funding source, its exact requirements and how the program meets them. It makes board conversations and audits easier, and it keeps old rumors from becoming new rules."#,
            media_url: None,
            related: &["rule-review-worksheet", "housing-first-for-survivors", "voluntary-services-policy-template"],
        },
    ]
}

// -------------------------------------------------------------------- files
//
// File text is written in a small line format: "# " a heading, "- " a bullet, "? " a
// labelled blank to fill in, any other non-empty line a paragraph.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Format {
    Pdf,
    Docx,
}

struct FileSpec {
    slug: &'static str,
    name: &'static str,
    format: Format,
    title: &'static str,
    text: &'static str,
}

const FILES: &[FileSpec] = &[
    FileSpec {
        slug: "voluntary-services-policy-template",
        name: "voluntary-services-policy-template.docx",
        format: Format::Docx,
        title: "Voluntary Services Policy (template)",
        text: POLICY_DOCX,
    },
    FileSpec {
        slug: "minimal-intake-form",
        name: "intake-form-only-what-is-needed.docx",
        format: Format::Docx,
        title: "Intake Form",
        text: INTAKE_DOCX,
    },
    FileSpec {
        slug: "house-agreements-template",
        name: "community-agreements-template.docx",
        format: Format::Docx,
        title: "Our Community Agreements",
        text: AGREEMENTS_DOCX,
    },
    FileSpec {
        slug: "release-of-information-template",
        name: "release-of-information.docx",
        format: Format::Docx,
        title: "Authorization to Share Information",
        text: RELEASE_DOCX,
    },
    FileSpec {
        slug: "survivor-consultant-agreement",
        name: "survivor-consultant-agreement.docx",
        format: Format::Docx,
        title: "Consultant Agreement: Lived Experience Expertise",
        text: CONSULTANT_DOCX,
    },
    FileSpec {
        slug: "survivor-informed-organization-toolkit",
        name: "toolkit-survivor-consultant-agreement.docx",
        format: Format::Docx,
        title: "Consultant Agreement: Lived Experience Expertise",
        text: CONSULTANT_DOCX,
    },
    FileSpec {
        slug: "grievance-procedure-template",
        name: "grievance-procedure-template.docx",
        format: Format::Docx,
        title: "Concerns, Complaints and Appeals",
        text: GRIEVANCE_DOCX,
    },
    FileSpec {
        slug: "es-formulario-admision",
        name: "formulario-de-admision.docx",
        format: Format::Docx,
        title: "Formulario de admisión",
        text: INTAKE_ES_DOCX,
    },
    FileSpec {
        slug: "safety-planning-tool",
        name: "my-safety-plan-worksheet.docx",
        format: Format::Docx,
        title: "My Safety Plan",
        text: SAFETY_DOCX,
    },
    FileSpec {
        slug: "labor-trafficking-indicators",
        name: "labor-trafficking-indicators.pdf",
        format: Format::Pdf,
        title: "Labor Trafficking: Indicators for Service Providers",
        text: LABOR_PDF,
    },
    FileSpec {
        slug: "sex-trafficking-myths-facts",
        name: "sex-trafficking-myths-and-facts.pdf",
        format: Format::Pdf,
        title: "Sex Trafficking: Myths and What Providers See",
        text: MYTHS_PDF,
    },
    FileSpec {
        slug: "housing-first-for-survivors",
        name: "housing-first-for-survivors.pdf",
        format: Format::Pdf,
        title: "Housing First for People Who Have Experienced Trafficking",
        text: HOUSING_PDF,
    },
    FileSpec {
        slug: "harm-reduction-in-shelter",
        name: "harm-reduction-in-shelter.pdf",
        format: Format::Pdf,
        title: "Harm Reduction in Shelter and Housing Programs",
        text: HARM_PDF,
    },
    FileSpec {
        slug: "immigration-relief-basics",
        name: "immigration-relief-basics.pdf",
        format: Format::Pdf,
        title: "Immigration Relief Basics for Non-Attorney Advocates",
        text: IMMIGRATION_PDF,
    },
    FileSpec {
        slug: "youth-confidentiality",
        name: "youth-confidentiality-and-consent.pdf",
        format: Format::Pdf,
        title: "Confidentiality and Consent with Young People",
        text: YOUTH_PDF,
    },
    FileSpec {
        slug: "phones-stay-with-residents",
        name: "why-residents-keep-their-phones.pdf",
        format: Format::Pdf,
        title: "Why Residents Keep Their Phones",
        text: PHONES_PDF,
    },
    FileSpec {
        slug: "paid-survivor-leadership",
        name: "paying-lived-experience-fairly.pdf",
        format: Format::Pdf,
        title: "Paying People with Lived Experience Fairly",
        text: PAY_PDF,
    },
    FileSpec {
        slug: "es-indicadores-trata-laboral",
        name: "senales-trata-laboral.pdf",
        format: Format::Pdf,
        title: "Trata laboral: señales para proveedores de servicios",
        text: LABOR_ES_PDF,
    },
    FileSpec {
        slug: "es-jovenes-explotacion-sexual",
        name: "jovenes-y-explotacion-sexual.pdf",
        format: Format::Pdf,
        title: "Jóvenes y explotación sexual",
        text: YOUTH_ES_PDF,
    },
];

/// Parses the line format into blocks.
fn blocks(text: &str) -> Vec<Block> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            if let Some(t) = l.strip_prefix("# ") {
                Block::Heading(t.to_string())
            } else if let Some(t) = l.strip_prefix("- ") {
                Block::Bullet(t.to_string())
            } else if let Some(t) = l.strip_prefix("? ") {
                Block::Field(t.to_string())
            } else {
                Block::Para(l.to_string())
            }
        })
        .collect()
}

fn pdf(title: &str, blocks: &[Block], spanish: bool) -> Vec<u8> {
    let (footer, note) = if spanish {
        ("Biblioteca de recursos · contenido de demostración", "Contenido de demostración. Las personas, los programas y los números de teléfono son ficticios. Puede copiarse y adaptarse libremente.")
    } else {
        ("Resource library · demo content", "Demo content. People, programs and phone numbers are fictional. Free to copy and adapt.")
    };
    let mut doc = Doc::new(title, footer);
    doc.heading(title, 18.0);
    doc.rule();
    for b in blocks {
        match b {
            Block::Heading(t) => doc.heading(t, 13.0),
            Block::Para(t) => doc.paragraph(t),
            Block::Bullet(t) => {
                doc.text(&format!("•  {t}"), Font::Regular, 10.5, INK);
                doc.space(2.0);
            }
            Block::Field(t) => {
                doc.label(
                    &format!(
                        "{}: ______________________________",
                        t.trim_end_matches(':')
                    ),
                    BRAND,
                );
                doc.space(6.0);
            }
        }
    }
    doc.space(8.0);
    doc.rule();
    doc.text(note, Font::Regular, 9.0, MUTED);
    doc.finish()
}

/// Files for one resource, generated from the text in this module: PDF fact sheets and
/// DOCX templates. Deterministic: the same slug gives the same bytes.
pub fn files(slug: &str) -> Vec<DemoFile> {
    FILES
        .iter()
        .filter(|f| f.slug == slug)
        .map(|f| {
            let b = blocks(f.text);
            let bytes = match f.format {
                Format::Docx => docx::build(f.title, &b),
                Format::Pdf => pdf(f.title, &b, f.slug.starts_with("es-")),
            };
            DemoFile {
                name: f.name.to_string(),
                bytes,
            }
        })
        .collect()
}

const POLICY_DOCX: &str = r#"
How to use this template: replace everything in [brackets], delete guidance notes once you have read them, and review the finished policy with residents and staff before your board adopts it.
# 1. Purpose
[Program name] offers safety, shelter and support to people who have experienced trafficking and exploitation. We believe people are the experts on their own lives. This policy makes sure that the help we offer is always a choice, never a condition, and that nobody has to earn their place here.
# 2. Our commitment
- A bed, a room or any other service never depends on taking part in case management, counseling, groups, classes, religious activities, treatment or any other service.
- Turning down one service never blocks access to another.
- Nobody is required to report to police, testify, or share their story to receive help.
- Services that someone declines are offered again later, in a friendly way, and are not withdrawn.
- People of every gender, age, form of trafficking and immigration status are welcome.
# 3. How staff offer services
Staff describe each service, what it involves and what it does not involve, and then let the person decide. Staff record the offer and the answer, without judgment. Words such as "non-compliant" and "refused" are not used in our records; we write "chose not to" or "not right now".
Guidance note: if a funder requires you to offer a service, the requirement is usually met by offering it well and documenting the offer. Read each agreement word for word and meet it in the least restrictive way.
# 4. Faith, counseling and groups
Faith activities, counseling and groups are open invitations. Nobody receives privileges for attending or loses anything by staying away. Staff help residents reach a faith community of their own choosing if they ask.
# 5. Personal belongings and money
- Residents keep their own phones and devices. Staff offer technology safety planning to anyone who wants it.
- Residents keep their own identity documents. A personal lockbox is available for anyone who wants secure storage, and only the resident holds the key or code.
- Residents manage their own medications, with secure storage available.
- Residents control their own money. There are no program fees, fines, mandatory savings or deposits.
# 6. Coming and going
Residents may come and go at any hour. We ask people to let staff know if they will be away overnight so we can hold their room and worry less, never as a punishment. Visitors are welcome in common areas during hours agreed at the house meeting.
# 7. Safety rules that apply to everyone
We keep a short list of safety rules, each with its reason: no weapons on site; no violence or threats; keep the location of the house private to protect everyone who lives here. Each rule is explained at the first meeting, in the person's language.
# 8. When things go wrong
Concerns are handled first through conversation and support. A stay ends only for serious safety reasons, after a warning where possible, with a referral to another safe place, the right to appeal, and a way to return. We do not keep a list of people who can never come back.
# 9. Concerns and appeals
Anyone can raise a concern or appeal a decision using our grievance procedure, and nobody loses their place for speaking up.
# 10. Review
This policy is reviewed every year by staff, residents and at least one person with lived experience who is paid for their time.
? Date adopted by the board
? Next review date
? Signed (executive director)
? Signed (board chair)
"#;

const INTAKE_DOCX: &str = r#"
Welcome. We ask only what we need to offer you a safe place and a next step today. You can skip any question and still get help. Nothing you say here will be shared with police, immigration authorities or your employer without your written permission.
Who can see this form: the intake advocate and your case manager, if you choose to work with one. It is stored in a locked cabinet and destroyed [number] years after you leave.
# Needed today
? Name you would like us to use
? Pronouns (optional)
? Language you prefer to speak
? Interpreter preference (in person, phone, video, none; gender of interpreter if it matters to you)
? Is anyone with you who will stay with you (children, partner, family)?
? Do you need medical care today?
? Is there anything about your health, mobility or diet we should know to keep you comfortable?
? How can we reach you if we are apart (only if you want us to)?
Why we ask: these answers help us give you a room that fits your family, arrange an interpreter, and make sure you can get care quickly.
# Optional, now or later
You do not need to answer these to stay here. Some people find it helpful to talk about them later with an advocate.
? Are there people you are worried might look for you here?
? Would you like help with documents, such as an ID, birth certificate or work permit?
? Would you like to talk with a lawyer about immigration, work pay or a legal case?
? Would you like information about counseling, support groups or peer support?
? Is there a faith community, cultural group or food that would help you feel at home?
# What we do not ask
We do not ask you to tell us what happened to you, to prove anything, to show ID, or to share your immigration status to stay here. If you want to share your story, that is your choice, and you decide who hears it.
# What happens next
- An advocate shows you your room, the kitchen and where to find supplies.
- You keep your phone, your documents and your money.
- In the next few days, an advocate will offer to meet with you. You can say yes, no or later.
- There is a short list of safety rules for everyone. We will explain each one and why it exists.
? Advocate name
? Date
"#;

const AGREEMENTS_DOCX: &str = r#"
These agreements were written by the people who live and work in this house at a house meeting on [date]. They exist so everyone can live here safely and comfortably. We review them together every [three] months, and anyone can ask to change one at any house meeting.
# Our agreements
For each agreement, we wrote down why we agreed to it. Replace these examples with your own.
- Quiet hours are from [10 p.m.] to [7 a.m.] on weeknights. Why: several of us work early shifts and need sleep.
- We clean up after ourselves in the kitchen within an hour of cooking. Why: the kitchen is shared, and a clean kitchen keeps the peace.
- We knock and wait before entering someone else's room. Why: everyone deserves privacy.
- We ask before taking photos in shared spaces, and we never post pictures that show the house or other residents. Why: some of us need to stay hidden from people who may be looking for us.
- Guests are welcome in the living room and on the porch between [noon] and [9 p.m.]. Why: we want to see friends and family and still keep bedrooms private.
- We talk to each other directly, or ask staff to help us talk, when something bothers us. Why: problems get bigger when they go unspoken.
# Safety rules that are not voted on
- No weapons anywhere on the property. Why: everyone's physical safety.
- No violence or threats of violence. Why: everyone's physical safety.
- We keep the address private. Why: some residents are in danger if the location becomes known.
# What these agreements are not
They are not a condition of staying here. Chores are shared because we share a home, not to earn a bed; nobody loses their room over dishes. Nobody is required to attend groups, services or religious activities. There is no curfew; if you will be away overnight, please tell staff so we can hold your room.
# When an agreement is not kept
- First, a friendly conversation, with a staff member present if anyone wants one.
- Next, a meeting to understand what is getting in the way and what support would help.
- A stay ends only for serious safety reasons, with a warning where possible, a referral to another safe place, the right to appeal and a way to return.
# House meeting notes
? Date of this meeting
? Who attended (first names only)
? Agreements added or changed
? Date of next review
"#;

const RELEASE_DOCX: &str = r#"
This form lets [Program name] share specific information about you with one organization or person, for one purpose, for a limited time. You do not have to sign it to receive any of our services. You can cancel it at any time by telling any staff member, in person, in writing or by phone.
# Who is giving permission
? Your name (or the name you use with us)
? Date of birth (only if the receiving agency needs it to find your file)
# Who we will share with
Write one organization or person per form. If you want us to share with more than one, we will use a separate form for each so you can decide about each one.
? Organization or person
? Contact name and role
# What we will share
Check only what you agree to share. Anything not checked stays with us.
- [ ] That you are receiving services from us
- [ ] Your contact information
- [ ] Dates of appointments or meetings
- [ ] Information about housing or shelter needs
- [ ] Information about medical or counseling needs (only with a separate conversation)
- [ ] Other (write it out exactly):
# Why we will share it
? Purpose, in your words (for example: "so my lawyer can confirm I live here")
# How long this permission lasts
This permission ends on the date below, or sooner if you cancel it, or when the purpose is finished, whichever comes first. We suggest no longer than 90 days.
? End date
# Things you should know
- Once information is shared, the other organization may have different privacy rules. Ask us what they are before you sign.
- Some funders, courts or police may ask for more information. We will not give it without a new form or a court order, and we will tell you if we receive a court order, unless the law forbids it.
- If we are a domestic violence or trafficking program that must keep your information confidential, we will never share it without your written, time-limited consent.
- You can ask for a copy of this form and of anything we share.
# Signatures
? Your signature
? Date
? Staff member who explained this form
? Interpreter, if one was used (name and language)
"#;

const CONSULTANT_DOCX: &str = r#"
This agreement is between [Organization] and [Consultant name], who brings expertise from lived experience and professional practice. It is meant to be read together, changed where needed and signed only when both sides are comfortable.
# 1. Scope of work
? Project or activity
? Specific tasks (for example: review intake forms, co-facilitate two trainings, join three planning meetings)
? Expected hours
? Start and end dates
# 2. Pay
The consultant is paid at the same rate the organization pays other expert consultants for similar work, and never in gift cards alone.
? Hourly or project rate
? Preparation time paid (hours)
? Travel, meals, child care and interpreter costs covered
Payment is made within [14] days of each invoice or activity. The organization will talk with the consultant about payment methods that do not put public benefits, immigration status or personal safety at risk, and will explain tax forms in plain language.
# 3. Your story belongs to you
- The consultant is never required to share any part of their personal story.
- Expertise, not disclosure, is what the organization is paying for.
- If the consultant chooses to share personal experience, they decide what, where and with whom, and they may review and approve any written, recorded or photographed use beforehand.
- The consultant may withdraw permission for future use of their story, name or image at any time.
- Stories are never used for fundraising without separate, written, paid and revocable consent.
# 4. Confidentiality and credit
The consultant decides whether to be credited by name, by a chosen name or not at all. Both sides keep confidential any participant information they learn during the work.
# 5. Support
The organization names a contact person who checks in after each activity. The consultant can pause, reschedule or step back from any activity without losing pay for work already done. Debriefing is offered, never required.
# 6. Changes and ending the agreement
Either side may end this agreement with [7] days' written notice. Work already done is paid in full.
# Signatures
? Consultant signature and date
? Organization representative, title and date
"#;

const GRIEVANCE_DOCX: &str = r#"
Every resident has the right to raise a concern, make a complaint or appeal a decision about their stay, without fear of losing their place or being treated differently. This procedure explains how, and what we promise in return.
# Our promises
- No reprisal. Nobody is moved, discharged, given fewer services or treated differently for raising a concern.
- Your language. You can raise a concern in any language, in writing, by voice message or in person. We will arrange a trained interpreter.
- Help if you want it. You can bring a support person, another resident or an advocate from outside the program.
- An answer in writing, in plain words, with the reasons.
# Step 1: talk with someone you trust
You can talk with any staff member, including one who is not involved. Many concerns are solved here. If you prefer, skip straight to step 2.
# Step 2: a written concern
Write or tell us your concern using the form at the end, or in any way that works for you. A staff supervisor will meet with you within [3] days and answer in writing within [7] days.
# Step 3: appeal to a neutral reviewer
If you disagree with the answer, you can ask for a review by someone outside the daily work of the house: [the executive director / a board member / a partner organization]. They will meet with you within [7] days and decide within [14] days.
# Appeals of an exit decision
If you are asked to leave, you can appeal before you go unless there is an immediate danger to someone's physical safety. While the appeal is pending, we will help you find a safe place to stay. Decisions to end a stay are reviewed by someone who was not involved in the decision.
# Records
You can see any record about you, including notes about concerns, incidents or decisions. You can add your own written statement to your file.
# Concern form
? Your name (or the name you use here)
? Date
? What happened, or what you would like changed
? What would make it right for you
? How you would like us to reply (in person, in writing, by phone; which language)
? Staff member who received this form
"#;

const INTAKE_ES_DOCX: &str = r#"
Bienvenida, bienvenido. Solo le preguntamos lo necesario para ofrecerle un lugar seguro y un siguiente paso hoy. Puede saltarse cualquier pregunta y va a recibir ayuda de todas formas. Nada de lo que diga aquí se compartirá con la policía, con inmigración ni con su empleador sin su permiso por escrito.
Quién puede ver este formulario: la persona que le recibe y su gestora de casos, si decide trabajar con una. Se guarda en un archivo con llave y se destruye [número] años después de su salida.
# Lo que necesitamos saber hoy
? Nombre con el que quiere que le llamemos
? Cómo prefiere que nos refiramos a usted (ella, él, elle u otro; opcional)
? Idioma en el que prefiere hablar (incluidas lenguas indígenas)
? Preferencia de intérprete (en persona, por teléfono, por video, ninguno; si le importa que sea mujer u hombre)
? ¿Viene alguien con usted que se quedará aquí (hijas, hijos, pareja, familia)?
? ¿Necesita atención médica hoy?
? ¿Hay algo sobre su salud, movilidad o alimentación que debamos saber para que esté cómoda o cómodo?
? ¿Cómo podemos comunicarnos con usted si no está aquí? (solo si lo desea)
Por qué preguntamos: estas respuestas nos ayudan a darle una habitación adecuada para su familia, conseguir intérprete y asegurarnos de que reciba atención médica pronto.
# Opcional, ahora o más adelante
No tiene que responder estas preguntas para quedarse. Algunas personas prefieren hablar de estos temas después, con calma.
? ¿Le preocupa que alguien le busque aquí?
? ¿Le gustaría ayuda con documentos, como identificación, acta de nacimiento o permiso de trabajo?
? ¿Le gustaría hablar con una abogada sobre inmigración, salarios no pagados o algún caso legal?
? ¿Le interesa información sobre consejería, grupos de apoyo o apoyo entre pares?
? ¿Hay alguna comunidad de fe, grupo cultural o comida que le ayudaría a sentirse en casa?
# Lo que no preguntamos
No le pedimos que cuente lo que le pasó, que demuestre nada, que muestre identificación ni que diga su estatus migratorio para quedarse. Si algún día quiere contar su historia, usted decide cuándo y a quién.
# Qué sigue
- Una persona del equipo le muestra su habitación, la cocina y dónde encontrar artículos de aseo.
- Usted conserva su teléfono, sus documentos y su dinero.
- En los próximos días le ofreceremos una reunión con una gestora. Puede decir que sí, que no o que más adelante.
- Hay unas pocas reglas de seguridad para todas las personas. Le explicaremos cada una y por qué existe.
? Nombre de la persona del equipo
? Fecha
"#;

const SAFETY_DOCX: &str = r#"
This plan belongs to you. Fill in only what helps. You can write in any language, use drawings, or ask an advocate to write your words exactly. Keep it somewhere only you can find it, or keep it in your head.
# What feels risky right now
? People I am worried about
? Places or times of day that feel unsafe
? Things someone could use to find or control me (phone, social media, money, documents, debts)
# What has helped me before
Many people have already found clever ways to stay safe. Write down what has worked for you.
? Things I have done that kept me safer
? Things that help me feel calm when I am scared
# People I trust
? Name and how to reach them
? Name and how to reach them
? A code word I can use with them if I need help without saying so
# My phone and accounts
- Check which apps share my location, and turn off the ones I do not want.
- Change my unlock code and my email password first, then other accounts.
- Log out of my accounts on devices I do not control.
- Write two or three important numbers on paper in case I lose my phone.
# If I need to leave quickly
? Where I could go
? How I would get there (bus route, ride from a friend, rideshare money set aside)
- Things to take if I can: ID and papers, medicine, charger, some cash, a change of clothes, something that matters to me.
# Work, school and getting around
? Safer routes or times
? Someone I can tell at work or school, if I want to
# Hotline
For practice in our trainings we use the fictional number 555-0100. Write your local hotline here:
? Local hotline
? Date I made this plan, and when I want to look at it again
"#;

const LABOR_PDF: &str = r#"
Labor trafficking happens when someone is made to work through force, fraud or coercion. It happens in fields and orchards, meatpacking and seafood plants, a sawmill or a lumber yard, restaurant kitchens, nail salons, hotels, construction sites, home health care, traveling sales crews and private households. Many people in these situations come to service providers for something else: a clinic visit, a food box, a question about unpaid wages.
No single sign proves trafficking. Several signs together are a reason to offer information and support, gently, and to let the person decide what happens next.
# Work conditions
- Very long hours with no days off, or being on call at all hours, especially for live-in domestic workers and caregivers.
- Work that is different from what was promised when the person was recruited.
- Being punished, threatened or watched while working; not being allowed to take breaks or see a doctor after an injury.
- Working in a place that is locked, guarded or far from town, with transport controlled by the employer.
# Pay and debt
- A recruitment or travel debt that keeps growing, with charges for rent, food, tools or transport deducted from pay.
- Pay that goes to a crew leader or recruiter instead of the worker.
- Being told that leaving means the debt will pass to family back home.
# Documents
- Passport, visa, ID or work permit held by the employer or recruiter "for safekeeping".
- Not knowing what their visa allows, or being told that leaving the job makes them "illegal".
# Housing
- Housing provided by the employer, often crowded, with rules about visitors, phones or going out.
- Rent that changes with no explanation, or eviction threats if the person complains.
# Movement and contact
- Someone else always answers for the person, or comes along to appointments.
- Limited contact with family; phone taken or monitored.
- Threats about deportation, police or harm to relatives.
# Starting a conversation
Ask about work the way you would ask anyone: "How are things at work? Do you get paid what you expected? Can you take time off when you are sick? Can you leave the job if you want to?" Do not ask "Are you being trafficked?" Many people do not use that word for their situation, and pressing for a disclosure can put them at risk.
# What to do next
- Offer information about workers' rights and free legal help, in the person's language.
- Respect their decision. Many people need to keep working while they figure out options.
- Never make help depend on reporting to police or to a labor agency.
- With the person's permission, connect them with a nonprofit attorney who handles both wage claims and immigration.
- If the person is in immediate danger and asks for help, follow your program's safety protocol.
"#;

const MYTHS_PDF: &str = r#"
What people believe about sex trafficking shapes who gets noticed and how they are treated. Below are common myths next to what providers in shelters, clinics and hotlines describe in their everyday work.
# Myth: traffickers are strangers who kidnap people
What providers see: most people are exploited by someone they know — a boyfriend or girlfriend, a parent or other relative, a friend, an employer or a landlord. Recruitment often looks like romance, a job offer, a place to stay or help with a debt.
# Myth: people are held with chains and locks
What providers see: control usually works through debt, threats, dependence, shame, drugs, immigration fears and isolation from family. A person may go to school, hold a job, have a phone and still be under someone else's control.
# Myth: if they wanted to leave, they would
What providers see: leaving may mean losing the only housing, income or relationship a person has. People weigh real risks. Staying can be a survival strategy, not a sign of consent or of weakness.
# Myth: only women and girls are affected
What providers see: men, boys, transgender and nonbinary people are affected too, and often go unrecognized because services and outreach were not designed with them in mind.
# Myth: trading sex is always trafficking
What providers see: some people trade sex by choice, some out of need, and some are forced or coerced. These situations can shift over time. Everyone deserves respectful health care, safety and services without having to accept a label.
# Myth: survivors will be grateful to be "saved"
What providers see: people want respect, information and choices. Heavy-handed responses, such as raids, forced placements or programs with rigid rules, often lead people to avoid services altogether.
# Questions for your team
- Which of these myths appear in our brochures, intake questions or website photos?
- Do our services welcome people of every gender?
- Can someone get help from us without calling themselves a victim?
# Images and language
Avoid pictures of chains, barcodes on skin, tape over mouths or hands reaching out of darkness. They are inaccurate and can retraumatize. Use plain photos of everyday settings, or none at all.
"#;

const HOUSING_PDF: &str = r#"
People who have experienced trafficking need somewhere safe to sleep before they can think about anything else. Housing first puts that need at the front of the line: a place to live is offered without preconditions, and every other service is offered alongside it as a choice.
# Core principles
- No preconditions to move in: no sobriety, income, treatment, criminal-record, ID or police-cooperation requirements.
- No conditions to stay, other than the ordinary obligations of a tenant or resident that apply to everyone.
- Choice: as far as possible, people choose where they live, with whom, and in what kind of housing.
- Services are voluntary, flexible and offered again if declined.
- Families, as the person defines them, are kept together.
# Why preconditions backfire
When help comes with strings attached, people who feel controlled leave. For someone who has been trafficked, leaving a program can mean returning to the person who exploited them, or to a couch, a car or the street where they are easy to target again. Program evaluations and survivor accounts point the same way: people stay longer and do better when they feel the choices are theirs.
# What staff do differently
- Start with the person's own goals, which may be about a job, a child or a court date rather than "treatment".
- Use engagement, not enforcement: check in, offer, and offer again.
- Respond to problems with conversation, support and safety planning; reserve exits for serious safety issues, with an appeal and a path back.
- Help people keep their housing: budgeting support if they want it, landlord mediation, and help with repairs and paperwork.
# Housing options in practice
Emergency shelter for the first nights; scattered-site apartments with rental assistance; shared housing with a small number of residents; and connections to longer-term subsidies. Many programs partner with a local landlord network to reach apartments outside the usual system.
# The policy context
In 2025, federal homelessness policy and funding notices moved away from housing first toward treatment and work requirements. Some trafficking and domestic violence funding still prohibits conditioning housing on services. This fact sheet presents housing first as sound professional practice. Check the exact words of each of your funding agreements.
"#;

const HARM_PDF: &str = r#"
Harm reduction means meeting people where they are and helping them stay alive and as healthy as possible, whether or not they are ready or willing to stop using substances. In a shelter or housing program, it means that substance use alone is never the reason someone loses their place.
# Why this matters for people who have experienced trafficking
Traffickers sometimes introduce drugs or alcohol, or take advantage of existing use, to keep people dependent and compliant. Ending a stay because of use or relapse sends the person back to the people and places where they are most likely to be exploited again.
# From zero tolerance to safety agreements
- Focus rules on behavior that affects others: violence, threats, selling in the house, leaving used needles where others can be hurt.
- Talk with residents about use the way you would about any health issue: privately, without shame, and with their goals in mind.
- Offer secure storage for medications and a sharps container in every bathroom.
# Drug testing does not belong in housing
Random urine tests are intrusive, expensive and often inaccurate. They presume guilt and damage trust. Testing should happen only at a resident's own request, for example to document progress for a custody case.
# Overdose preparedness
- Keep naloxone in every common area and staff office, and train all staff and residents to use it.
- Post a simple response card near the kitchen and the front desk.
- No penalty, ever, for calling for help in an overdose.
- Check in with a resident after they return from the hospital, and adjust their safety plan together.
# Talking with funders and neighbors
Some funders and neighbors worry that harm reduction means "anything goes". Explain that the program has clear safety rules about behavior, that these rules apply to everyone, and that evidence from housing programs shows fewer deaths and longer stays when people are not exited for use.
# A quick self-check
- Has anyone left our program in the past year because of substance use alone?
- Could a resident tell staff about a relapse without fear?
- Does every shift know where the naloxone is?
"#;

const IMMIGRATION_PDF: &str = r#"
This fact sheet is general information for advocates who are not attorneys. It is not legal advice. Immigration law changes often; confirm details with a qualified nonprofit immigration attorney or a Department of Justice accredited representative.
# Why advocates need the basics
People who are not US citizens are often told by the people exploiting them that they will be deported if they seek help. Advocates who understand the basic options can reassure people that help exists, avoid harmful mistakes and make a good referral.
# Forms of relief programs hear about
- T nonimmigrant status (the "T visa"), created for people who have experienced a severe form of trafficking and meet other requirements.
- U nonimmigrant status (the "U visa"), for people who experienced certain crimes and meet other requirements, including a certification process.
- Continued presence, a temporary status that law enforcement may request for some people who have experienced trafficking.
- Special immigrant juvenile status and other protections for children and young people.
- Asylum and other humanitarian options, depending on the person's situation.
Each of these has detailed eligibility rules, risks and timelines. Only an attorney or accredited representative should assess whether any of them fits.
# What advocates should and should not do
- Do: ask whether the person would like to talk with an immigration attorney, and explain that nonprofit attorneys keep their information confidential.
- Do: help gather documents the person asks for help with, such as a birth certificate or school records.
- Do not: fill out immigration forms, predict outcomes or suggest that a person "qualifies".
- Do not: write details of immigration status, border crossing or past work in case notes. Record only what is needed, such as "referred to legal services".
# Services never depend on status
Shelter, food, health care and advocacy are offered regardless of immigration status, and regardless of whether a person wants to cooperate with law enforcement. Some forms of relief involve cooperation with an investigation; that is a decision the person makes with their attorney, not a condition of receiving help from you.
# Making a warm referral
- Keep an up-to-date list of nonprofit immigration legal services in your area, including ones that speak the languages your participants speak.
- Offer to make the call together, or to go to the first meeting.
- Offer help with transport, child care and interpretation so the appointment can happen.
- Follow up, with permission, to see whether anything got in the way.
# Warning signs of fraud
Warn participants about notarios and consultants who are not attorneys and charge high fees for immigration help. Legitimate nonprofit help is often free or low cost.
"#;

const YOUTH_PDF: &str = r#"
Young people who have been exploited have often been lied to by adults. Being honest about what you will keep private, and what you may have to share, is the foundation of everything else you do together.
# Explain before they share
Before a young person tells you anything personal, explain confidentiality in plain words. Then ask them to tell you, in their own words, what they heard. This takes two minutes and prevents the feeling of betrayal that ends many helping relationships.
# A practice script
"Most of what you tell me stays between us. There are a few times I might have to tell someone else: if I think you are in serious danger, if you tell me someone is hurting a child, or if a judge orders it. If that ever happens, I will tell you first whenever I can, and we will figure out together what happens next. You are in charge of what you share with me."
Practice the script in pairs at a staff meeting until it sounds like you.
# Mandated reporting
- Know exactly what your state requires of your role, and what it does not require.
- A report is not the end of your relationship with the young person. Stay involved, explain each step and advocate for their wishes.
- Reporting is about a child's safety. It is never a tool to make a young person follow program rules.
# Consent for services
In many states, young people can consent on their own to some services, such as certain health care, counseling or shelter, at certain ages. Rules differ by state and by service; check yours and write them on a one-page cheat sheet for staff.
# Parents and guardians
Contacting a parent or guardian is not always safe. Some young people are exploited by family members. Talk with the young person first and follow your program's legal guidance.
# Notes and records
- Write short, factual notes. Leave out rumors, guesses and details of sexual exploitation that are not needed.
- Use the young person's chosen name in conversation, and follow your records policy for legal names.
- Remember that records can be subpoenaed. Write as if the young person will read them, because they may.
# Signs you are building trust
The young person comes back, brings a friend, asks a question about their body or their rights, or tells you something small and watches what you do with it. Respond to small things well and bigger things may follow.
"#;

const PHONES_PDF: &str = r#"
Many shelters still collect residents' phones at intake, or hold them for a "blackout period" during the first weeks. The reasons sound protective. For people who have experienced trafficking, having a phone taken away is often part of what they survived, and the rule can end up making people less safe, not more.
# What taking a phone costs
- It repeats a familiar form of control and can make a shelter feel like another place where someone else is in charge.
- It cuts people off from children, family, employers, lawyers, caseworkers and friends who help them stay safe.
- It makes it harder to keep a job, attend court, manage benefits or find housing.
- It discourages people from coming to shelter at all, or leads them to leave early.
# The concerns behind the rule, and better answers
- Concern: someone might share the shelter's location. Better answer: explain why the location is private, turn off location-sharing together if the resident wants to, and agree as a house not to post photos showing the building.
- Concern: a trafficker might track the phone. Better answer: offer technology safety planning — checking location settings, shared accounts and unfamiliar apps — as an offer, never a requirement.
- Concern: photos of other residents. Better answer: a house agreement about asking before taking photos in shared spaces, written with residents.
- Concern: contact with the person who exploited them. Better answer: individual safety planning that respects the resident's choices, instead of a blanket ban on contact.
# Practical supports
- A charging station in a common area, with spare chargers for common phone models.
- Free Wi-Fi with a simple, separate guest network.
- A prepaid phone for anyone who wants a second, private device.
- Staff trained to help with basic settings in several languages.
# Talking with your board or funder
"Our residents keep their phones because it keeps them connected to safety, work and family. We address location and privacy concerns through technology safety planning and house agreements. Since we changed the rule, we have [describe what you saw]."
# Making the change
Announce the change to residents and staff together, explain why, and review how it is going at house meetings after one month and three months.
"#;

const PAY_PDF: &str = r#"
People with lived experience of trafficking bring expertise that no training can replace. When organizations ask for that expertise, they should pay for it the same way they pay any other expert.
# Token involvement or real influence?
- Token: a survivor is invited to share their story at a fundraising event and given a gift card.
- Real influence: a paid advisory group reviews the new intake process, and the program changes three questions because of what they said.
Ask of every role: which decisions can this person actually change?
# Setting fair rates
- Use the same scale you use for outside trainers, evaluators and consultants with similar experience.
- Pay for preparation, travel and follow-up time, not just the hours in the room.
- Cover child care, transport, meals and interpretation in addition to pay.
- Review rates every year along with staff salaries.
# Paying safely and on time
- Pay within two weeks, or on the day of an event when possible.
- Talk with each person about how payments might affect public benefits, immigration applications or safety, and offer options.
- Explain tax forms in plain language, and offer help finding free tax assistance.
# Roles across the organization
- Program design and review of policies and forms
- Hiring panels and staff training
- Evaluation: designing questions, interviewing participants, interpreting results
- Board seats and paid staff positions at every level, including leadership
# Story control
Nobody is required to share their story, ever. Expertise is not the same as disclosure. If someone chooses to share personal experience, they decide what is shared, where and for how long, and can review, change or withdraw it. Stories are never used for fundraising without separate, informed, paid and revocable consent.
# Support without assumptions
Offer debriefing and a named contact person, as you would for any consultant doing emotionally demanding work. Do not assume fragility; do not ask about trauma history as a condition of working with you.
# Budgeting for it
Add a line for lived-experience expertise in every grant proposal. Funders increasingly expect it, and it signals that the organization takes the work seriously.
"#;

const LABOR_ES_PDF: &str = r#"
Hay trata laboral cuando se obliga a una persona a trabajar mediante fuerza, fraude o coerción. Ocurre en el campo y en los huertos, en empacadoras de carne y mariscos, en cocinas de restaurantes, salones de uñas, hoteles, obras de construcción, cuidado de personas en casa, cuadrillas de ventas ambulantes y en el trabajo doméstico. Muchas personas en estas situaciones llegan a los servicios por otro motivo: una consulta médica, una despensa, una duda sobre salarios no pagados.
Ninguna señal por sí sola demuestra que hay trata. Varias señales juntas son motivo para ofrecer información y apoyo, con tacto, y dejar que la persona decida qué hacer.
# Condiciones de trabajo
- Jornadas muy largas sin días de descanso, o estar disponible a toda hora, sobre todo en el trabajo doméstico con vivienda en la casa del empleador.
- Un trabajo distinto al que le prometieron cuando le reclutaron.
- Castigos, amenazas o vigilancia constante; no poder descansar ni ver a un médico después de un accidente.
- Un lugar de trabajo cerrado con llave, vigilado o lejos del pueblo, con transporte controlado por el patrón.
# Pago y deudas
- Una deuda por el reclutamiento o el viaje que nunca baja, con descuentos por renta, comida, herramientas o transporte.
- El pago va al mayordomo, al contratista o al enganchador, no a la persona trabajadora.
- Le dicen que si se va, la deuda la pagará su familia en su país.
# Documentos
- El pasaporte, la visa, la identificación o el permiso de trabajo los "guarda" el patrón o el reclutador.
- La persona no sabe qué le permite su visa, o le dicen que si deja el trabajo quedará "ilegal".
# Vivienda
- Vivienda que da el patrón, muchas veces con demasiada gente, con reglas sobre visitas, teléfonos o salidas.
- La renta cambia sin explicación, o amenazan con echar a la persona si se queja.
# Movimiento y contacto
- Otra persona siempre contesta por ella o la acompaña a las citas.
- Poco contacto con la familia; le quitan o le revisan el teléfono.
- Amenazas con la deportación, la policía o con hacer daño a sus familiares.
# Cómo empezar la conversación
Pregunte por el trabajo como le preguntaría a cualquiera: "¿Cómo le va en el trabajo? ¿Le pagan lo que le dijeron? ¿Puede descansar cuando está enferma? ¿Puede dejar el trabajo si quiere?". No pregunte "¿Es usted víctima de trata?". Mucha gente no usa esa palabra para describir lo que vive, y presionar puede ponerla en riesgo.
# Qué hacer después
- Ofrezca información sobre los derechos laborales y ayuda legal gratuita, en el idioma de la persona.
- Respete su decisión. Muchas personas necesitan seguir trabajando mientras piensan en sus opciones.
- La ayuda nunca depende de denunciar a la policía ni a una agencia laboral.
- Con su permiso, conéctela con una abogada de una organización sin fines de lucro que atienda reclamos de salario y casos migratorios.
- Si la persona está en peligro inmediato y pide ayuda, siga el protocolo de seguridad de su programa.
"#;

const YOUTH_ES_PDF: &str = r#"
Esta hoja es para el personal de centros de día, programas juveniles y equipos de alcance comunitario. Describe situaciones que pueden indicar explotación sexual de jóvenes y propone formas de acompañar sin juzgar.
# Situaciones que pueden hacer pensar en explotación
- Un o una joven que de repente tiene ropa, uñas, un teléfono o dinero que no puede explicar.
- Una pareja o "amistad" mucho mayor que le compra cosas, le da dónde dormir o le lleva a todas partes.
- Faltar a la escuela, pasar noches fuera o tener un segundo teléfono.
- Hablar de "deberle" algo a alguien.
- Señales de agotamiento, hambre, lesiones sin explicación o infecciones repetidas.
Ninguna de estas situaciones demuestra por sí sola que haya explotación. Son motivo para acercarse con interés y paciencia.
# La lealtad hacia quien explota
Muchas veces la persona que explota es alguien a quien el o la joven quiere, o quien le dio lo que nadie más le daba. Criticar a esa persona suele provocar que el o la joven la defienda y se aleje de nosotros. Es mejor hablar de cómo se siente, de lo que necesita y de lo que merece.
# Explicar la confidencialidad desde el principio
Antes de que la persona joven cuente algo personal, explique con palabras sencillas qué queda entre ustedes y en qué casos tendría que avisar a alguien más. Pídale que le diga con sus propias palabras lo que entendió.
# Si hay que hacer un reporte obligatorio
- Conozca exactamente lo que exige la ley de su estado para su puesto.
- Avise al o la joven antes de hacer el reporte siempre que sea posible, y explíquele cada paso.
- Siga acompañándole después del reporte. Un reporte no es el final de la relación.
# Servicios que ayudan de verdad
Comida caliente, ducha, lavadora, ropa limpia, un cargador de teléfono, un sofá donde descansar, atención médica sin juicios y una persona adulta que no se rinde. Las preguntas pueden esperar.
# Preguntas para conversar en equipo
- ¿Qué necesitaría un o una joven para sentirse con confianza de volver a nuestro centro?
- ¿Tenemos reglas que alejan justo a quienes más necesitan el lugar?
- ¿Sabemos qué dice la ley de nuestro estado sobre el consentimiento de jóvenes para servicios?
"#;

#[cfg(test)]
mod tests {
    use crate::library::model::KINDS;
    use std::collections::{HashMap, HashSet};

    use super::*;
    use crate::topics::{AUDIENCES, TOPICS};

    fn valid_date(s: &str) -> bool {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() && s.len() == 10
    }

    fn extract(f: &DemoFile) -> String {
        tta_review::extract(&f.bytes, Some(&f.name), None)
            .unwrap_or_else(|e| panic!("{} does not extract: {e}", f.name))
    }

    #[test]
    fn coverage_and_metadata() {
        let all = resources();
        assert!(all.len() >= 32, "{} resources", all.len());
        let slugs: HashSet<&str> = all.iter().map(|r| r.slug).collect();
        assert_eq!(slugs.len(), all.len(), "slugs are unique");

        let mut kinds: HashMap<&str, usize> = HashMap::new();
        let mut topics: HashMap<&str, usize> = HashMap::new();
        let mut audiences: HashMap<&str, usize> = HashMap::new();
        let mut spanish = 0;
        for r in &all {
            assert!(KINDS.contains(&r.kind), "{}: kind {}", r.slug, r.kind);
            *kinds.entry(r.kind).or_default() += 1;
            assert!(
                !r.topics.is_empty() && !r.audiences.is_empty(),
                "{}",
                r.slug
            );
            for t in r.topics {
                assert!(TOPICS.contains(t), "{}: topic {t}", r.slug);
                *topics.entry(t).or_default() += 1;
            }
            for a in r.audiences {
                assert!(AUDIENCES.contains(a), "{}: audience {a}", r.slug);
                *audiences.entry(a).or_default() += 1;
            }
            assert!(r.language == "en" || r.language == "es", "{}", r.slug);
            assert_eq!(
                r.slug.starts_with("es-"),
                r.language == "es",
                "{}: Spanish slugs start with es-",
                r.slug
            );
            if r.language == "es" {
                spanish += 1;
            }
            assert!(
                r.slug
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}: slug",
                r.slug
            );
            assert!(!r.title.is_empty() && r.title.len() <= 120, "{}", r.slug);
            assert!(
                !r.summary.is_empty() && r.summary.len() <= 400,
                "{}",
                r.slug
            );
            assert!(
                valid_date(r.published),
                "{}: published {}",
                r.slug,
                r.published
            );
            assert!(
                ("2021-01-01"..="2026-11-30").contains(&r.published),
                "{}: published {}",
                r.slug,
                r.published
            );
            if let Some(rev) = r.reviewed {
                assert!(valid_date(rev), "{}: reviewed {rev}", r.slug);
                assert!(
                    rev >= r.published && rev <= "2026-11-20",
                    "{}: reviewed {rev}",
                    r.slug
                );
            }
            for rel in r.related {
                assert!(
                    slugs.contains(rel),
                    "{}: related {rel} does not exist",
                    r.slug
                );
                assert_ne!(*rel, r.slug, "{} relates to itself", r.slug);
            }
            if r.kind == "recording" {
                let url = r
                    .media_url
                    .unwrap_or_else(|| panic!("{}: recordings need a media link", r.slug));
                assert!(
                    url.starts_with("https://media.example.org/")
                        && (url.ends_with(".mp3") || url.ends_with(".mp4")),
                    "{url}"
                );
            } else {
                assert!(r.media_url.is_none(), "{}", r.slug);
            }
            if r.body_md.is_empty() {
                assert!(
                    !files(r.slug).is_empty(),
                    "{}: a file-only item needs files",
                    r.slug
                );
            } else {
                let words = r.body_md.split_whitespace().count();
                assert!(
                    (150..=500).contains(&words),
                    "{}: body has {words} words",
                    r.slug
                );
                assert!(r.body_md.contains("## "), "{}: body uses headings", r.slug);
            }
            // Fictional phone numbers only.
            for digits in r.body_md.split(|c: char| !c.is_ascii_digit() && c != '-') {
                if digits.chars().filter(|c| c.is_ascii_digit()).count() >= 7 {
                    assert!(
                        digits.starts_with("555-01"),
                        "{}: phone-like number {digits}",
                        r.slug
                    );
                }
            }
        }
        for k in KINDS {
            assert!(
                kinds.get(k).copied().unwrap_or(0) >= 2,
                "kind {k}: {:?}",
                kinds.get(k)
            );
        }
        for t in TOPICS {
            assert!(
                topics.get(t).copied().unwrap_or(0) >= 2,
                "topic {t}: {:?}",
                topics.get(t)
            );
        }
        for a in AUDIENCES {
            assert!(audiences.get(a).copied().unwrap_or(0) >= 1, "audience {a}");
        }
        assert!(spanish >= 8, "{spanish} Spanish resources");
        assert!(all.iter().any(|r| r.members_only));
        assert!(all.iter().filter(|r| r.body_md.is_empty()).count() >= 2);
    }

    #[test]
    fn files_are_generated_and_searchable() {
        let all = resources();
        let slugs: HashSet<&str> = all.iter().map(|r| r.slug).collect();
        for f in FILES {
            assert!(slugs.contains(f.slug), "file for unknown slug {}", f.slug);
        }
        let (mut pdfs, mut docxs) = (0, 0);
        let mut texts: HashMap<&str, String> = HashMap::new();
        for r in &all {
            let fs = files(r.slug);
            let mut text = String::new();
            for f in &fs {
                assert!(!f.bytes.is_empty(), "{}", f.name);
                let t = extract(f);
                let words = t.split_whitespace().count();
                assert!(words >= 250, "{}: only {words} words", f.name);
                if f.name.ends_with(".pdf") {
                    assert!(f.bytes.starts_with(b"%PDF-"), "{}", f.name);
                    pdfs += 1;
                } else {
                    assert!(f.name.ends_with(".docx"), "{}", f.name);
                    assert!(f.bytes.starts_with(b"PK\x03\x04"), "{}", f.name);
                    docxs += 1;
                }
                text.push_str(&t.to_lowercase());
                text.push('\n');
            }
            // Deterministic.
            let again = files(r.slug);
            assert_eq!(fs.len(), again.len());
            for (a, b) in fs.iter().zip(&again) {
                assert_eq!(a.name, b.name);
                assert_eq!(a.bytes, b.bytes, "{} is not deterministic", a.name);
            }
            texts.insert(r.slug, text);
        }
        assert!(pdfs >= 8, "{pdfs} PDFs");
        assert!(docxs >= 6, "{docxs} DOCX files");
        assert!(files("no-such-resource").is_empty());

        // The institute's named items.
        let intake = &texts["minimal-intake-form"];
        assert!(intake.contains("interpreter preference") && intake.contains("pronouns"));
        assert!(files("voluntary-services-policy-template")[0]
            .name
            .ends_with(".docx"));
        assert!(files("labor-trafficking-indicators")[0]
            .name
            .ends_with(".pdf"));
        assert_eq!(
            all.iter()
                .find(|r| r.slug == "safety-planning-tool")
                .unwrap()
                .kind,
            "tool"
        );

        // The example words in the module comment appear only inside one resource's files.
        for (word, slug) in [
            ("pronouns", "minimal-intake-form"),
            ("lockbox", "voluntary-services-policy-template"),
            ("sawmill", "labor-trafficking-indicators"),
        ] {
            assert!(texts[slug].contains(word), "{word} not in {slug}'s files");
            for r in &all {
                let page = format!("{} {} {}", r.title, r.summary, r.body_md).to_lowercase();
                assert!(!page.contains(word), "{word} appears on {}'s page", r.slug);
                if r.slug != slug {
                    assert!(
                        !texts[r.slug].contains(word),
                        "{word} also in {}'s files",
                        r.slug
                    );
                }
            }
        }

        // Every file has words that its resource's title and summary do not.
        for r in &all {
            if texts[r.slug].is_empty() {
                continue;
            }
            let page = format!("{} {}", r.title, r.summary).to_lowercase();
            let distinct = texts[r.slug]
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 7 && !page.contains(w))
                .collect::<HashSet<_>>()
                .len();
            assert!(
                distinct >= 20,
                "{}: only {distinct} distinctive words in files",
                r.slug
            );
        }
    }

    #[test]
    fn spanish_text_survives_the_pdf() {
        let f = &files("es-indicadores-trata-laboral")[0];
        let t = extract(f);
        assert!(t.contains("señales") || t.contains("Señales"), "{t}");
        assert!(t.contains("¿Cómo le va en el trabajo?"), "{t}");
    }
}
