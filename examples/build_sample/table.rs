//! The sample's content: its articles and, row by row, what each annotator tagged.
//!
//! Every row is `(doc, who, label, "exact substring", occurrence)`. `occurrence` is 0
//! when the substring appears once in the article, otherwise which appearance is meant
//! (1 = first). `Both` rows are spans the two annotators tagged identically; the rows
//! marked `Amira` or `Ben` are where they differ, and sit next to each other so a
//! reader sees each disagreement at a glance. The labeling rules are in
//! `projects/README.md`.

/// Who tagged a span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Both,
    Amira,
    Ben,
}
use Who::{Amira, Ben, Both};

/// `(doc id, corpus file, title)`. Titles are the article's own headline when its first
/// line is one, otherwise written to match.
pub const ARTICLES: &[(u64, &str, &str)] = &[
    (
        1,
        "000_7bc1ca0ca58bf01c.txt",
        "Pakistan threatens to “obliterate” the Taliban after Istanbul talks fail",
    ),
    (
        2,
        "001_56f6e205a344c7bf.txt",
        "Asif accuses the Taliban of dragging Afghanistan into a new conflict to protect the government and economy in times of war",
    ),
    (
        3,
        "002_f9f41de4bf0a6058.txt",
        "Istanbul talks fail as Pakistan accuses the Afghan Taliban of dodging the core issue",
    ),
    (
        4,
        "003_50627ccdddb09131.txt",
        "Taliban Issues Stern Warning To Pakistan After Deadlocked Istanbul Peace Talks",
    ),
    (
        5,
        "004_102b31e34947f4ec.txt",
        "Taliban Accuses Pakistan of Undermining Border Peace Talks",
    ),
];

pub type Row = (u64, Who, &'static str, &'static str, usize);

#[rustfmt::skip]
pub const ROWS: &[Row] = &[
    // ── 1. Pakistan threatens to “obliterate” the Taliban ──────────────────────────
    (1, Both,  "attribution", "Pakistan’s defense minister issued a threat", 0),
    (1, Both,  "quote",       "obliterate", 1),
    // Tarar's confirmation, reported indirectly: a claim to check, or his words?
    (1, Amira, "claim",       "Peace talks, held in Istanbul, Turkey, concluded without a “workable solution,”", 0),
    (1, Ben,   "quote",       "Peace talks, held in Istanbul, Turkey, concluded without a “workable solution,”", 0),
    (1, Both,  "quote",       "workable solution", 1),
    (1, Amira, "attribution", "Pakistan Information Minister Attaullah Tarar confirmed", 0),
    (1, Ben,   "attribution", "Attaullah Tarar confirmed", 0),
    (1, Both,  "claim",       "deadly clashes earlier in the month, where dozens lost their lives", 0),
    (1, Both,  "figure",      "dozens", 0),
    (1, Amira, "claim",       "the most intense violence the area has seen since the Taliban’s 2021 takeover of Kabul", 0),
    (1, Both,  "figure",      "2021", 0),
    (1, Both,  "claim",       "The negotiations broke down over a dispute regarding alleged terror groups operating from Afghanistan to attack security forces along Pakistan’s border", 0),
    (1, Both,  "attribution", "Pakistan Defense Minister Khawaja Asif declared", 0),
    (1, Both,  "quote",       "Pakistan does not require to employ even a fraction of its full arsenal to completely obliterate the Taliban regime and push them back to the caves for hiding", 0),
    (1, Both,  "attribution", "According to Reuters", 0),
    (1, Both,  "claim",       "the two countries had agreed to a , on October 19, but were unable to find common ground during a second round of discussions in Istanbul, mediated by Turkey and Qatar", 0),
    (1, Both,  "attribution", "Pakistan’s information minister asserted", 0),
    (1, Both,  "quote",       "The Afghan side kept deviating from the core issue … on which the dialogue process was initiated", 0),
    (1, Both,  "attribution", "A Pakistani security source informed Reuters", 0),
    (1, Amira, "quote",       "the Taliban had been unwilling to agree to rein in the Pakistani Taliban", 0),
    (1, Ben,   "claim",       "the Taliban had been unwilling to agree to rein in the Pakistani Taliban", 0),
    (1, Ben,   "quote",       "tense exchanges", 0),
    (1, Both,  "claim",       "The Taliban retaliated by launching attacks on Pakistani military posts along the entire 1,600-mile closed border", 0),
    (1, Amira, "figure",      "1,600-mile", 0),
    (1, Ben,   "figure",      "1,600", 0),
    (1, Both,  "claim",       "weekend clashes led to the deaths of five Pakistani soldiers and 25 Pakistani Taliban members near the Afghan border", 0),
    (1, Both,  "figure",      "five", 0),
    (1, Both,  "figure",      "25", 0),

    // ── 2. Asif accuses the Taliban ────────────────────────────────────────────────
    (2, Both,  "attribution", "Defense Minister Khawaja Asif warned", 0),
    (2, Both,  "quote",       "if necessary, Pakistan could defeat the Taliban regime and set an example to the world", 0),
    (2, Both,  "attribution", "Khawaja Asif said", 0),
    // Where does the indirect quote end: at “brotherly countries” or with Pakistan's answer?
    (2, Amira, "quote",       "the Afghan Taliban regime had repeatedly sought negotiations with Pakistan through “brotherly countries”, and Pakistan had accepted the offer in the interest of peace", 0),
    (2, Ben,   "quote",       "the Afghan Taliban regime had repeatedly sought negotiations with Pakistan through “brotherly countries”", 0),
    (2, Both,  "quote",       "brotherly countries", 0),
    (2, Both,  "quote",       "If necessary, we could defeat them in places like Tora Bora and set an example for people everywhere", 0),
    (2, Both,  "attribution", "he said", 1),
    (2, Both,  "claim",       "Pakistan and Afghanistan agreed to an immediate ceasefire during talks in Doha", 0),
    (2, Both,  "claim",       "the worst violence between the South Asian neighbors since the Taliban seized power in Kabul in 2021", 0),
    (2, Both,  "figure",      "2021", 0),
    (2, Both,  "claim",       "talks between Pakistan and Afghanistan in Istanbul have failed to make any progress on Islamabad’s key demand for a clear action plan to dismantle terrorist infrastructure operating from Afghan soil", 0),
    (2, Both,  "attribution", "Federal Information Minister Ataullah Tarar confirmed", 0),
    (2, Amira, "quote",       "the Pakistan-Afghanistan dialogue in Istanbul had failed", 0),
    (2, Ben,   "claim",       "the Pakistan-Afghanistan dialogue in Istanbul had failed", 0),
    (2, Both,  "quote",       "Therefore, the dialogue failed to achieve any viable solution. We thank the governments of Qatar and Turkiye, and other friendly states, for their support and sincere efforts to achieve a peaceful solution to the problem of terrorism", 0),
    (2, Both,  "attribution", "the minister wrote", 0),
    (2, Amira, "quote",       "graveyard of empires", 0),
    (2, Both,  "quote",       "If the Taliban regime tries to fight, the world will see that its threats were mere bluster", 0),
    (2, Both,  "attribution", "Asif said", 3),
    (2, Both,  "claim",       "Tensions along the Pakistan-Afghanistan border escalated on October 11, when clashes broke out after Afghanistan opened unprovoked fire at multiple locations in Khyber Pakhtunkhwa (KP) and Balochistan", 0),
    (2, Both,  "claim",       "Several Afghan posts were destroyed and dozens of Afghan soldiers and militants were killed", 0),
    (2, Both,  "figure",      "dozens", 0),
    (2, Ben,   "figure",      "Dozens", 0),
    (2, Both,  "figure",      "48-hour", 0),
    (2, Both,  "attribution", "According to the Ministry of Foreign Affairs", 0),
    (2, Both,  "quote",       "the decision was made at the request of the Taliban and with the mutual consent of both parties", 0),

    // ── 3. Istanbul talks fail (Observer News) ────────────────────────────────────
    // The byline: is the attribution with or without its 【】 brackets?
    (3, Amira, "attribution", "【By Observer News, Chen Sijia】", 0),
    (3, Ben,   "attribution", "By Observer News, Chen Sijia", 0),
    (3, Both,  "claim",       "Last week, Pakistan and Afghanistan began a new round of dialogue in Istanbul, Turkey", 0),
    (3, Amira, "attribution", "Pakistan's Minister of Information and Broadcasting, Attaullah Khan Tarar, announced", 0),
    (3, Ben,   "attribution", "Attaullah Khan Tarar, announced", 0),
    (3, Both,  "quote",       "failed to reach any feasible solution", 0),
    (3, Both,  "attribution", "Tarar stated", 1),
    (3, Both,  "quote",       "during the dialogue, Pakistan repeatedly contacted the Afghan side regarding cross-border activities of terrorist organizations such as the Pakistani Taliban and the Baloch Liberation Army, but the Afghan side did not make clear guarantees on combating these terrorist organizations", 0),
    (3, Both,  "claim",       "As of now, the Afghan side has not responded to Pakistan's statement", 0),
    (3, Amira, "quote",       "Pakistan, at the request of Qatar and Turkey, had engaged with the Afghan Taliban in Doha and Istanbul", 0),
    (3, Ben,   "claim",       "Pakistan, at the request of Qatar and Turkey, had engaged with the Afghan Taliban in Doha and Istanbul", 0),
    (3, Both,  "quote",       "Pakistan provided sufficient and irrefutable evidence, which was acknowledged by the Afghan Taliban and the host country of the dialogue. Unfortunately, the Afghan side did not make any guarantees", 0),
    (3, Both,  "attribution", "Tarar said", 0),
    (3, Both,  "attribution", "Asif also issued a strongly worded statement on social media, claiming", 0),
    (3, Both,  "quote",       "I can assure you, Pakistan does not even need to use a small part of its entire arsenal to completely destroy the Taliban government in Afghanistan and drive them back into the caves", 0),
    (3, Amira, "claim",       "However, Pakistan has not taken any action so far", 0),
    (3, Both,  "attribution", "Afghan news website 'Dawn' reported", 0),
    (3, Both,  "quote",       "disagreements on several final clauses led to the breakdown of the talks", 0),
    (3, Both,  "claim",       "Recently, armed clashes have frequently occurred in the border areas between Pakistan and Afghanistan, resulting in dozens of deaths and hundreds of injuries", 0),
    (3, Both,  "figure",      "dozens", 0),
    (3, Both,  "figure",      "hundreds", 0),
    (3, Both,  "figure",      "2021", 0),
    (3, Both,  "figure",      "48-hour", 0),
    (3, Both,  "claim",       "On October 18, under the mediation of Qatar and Turkey, Pakistan and Afghanistan held talks in Doha, Qatar, and both sides agreed to an immediate ceasefire", 0),
    (3, Ben,   "claim",       "On the 19th, officials from the governments of Pakistan and Afghanistan separately confirmed that the two sides had reached a ceasefire agreement", 0),

    // ── 4. Taliban issues stern warning to Pakistan ───────────────────────────────
    (4, Both,  "claim",       "The recent peace negotiations between Afghanistan and Pakistan in Istanbul have ended in a deadlock", 0),
    (4, Both,  "claim",       "The Taliban government has publicly accused Islamabad of insincerity and of attempting to deflect responsibility for cross-border security issues onto Kabul", 0),
    (4, Both,  "attribution", "The Taliban’s spokesperson, Zabihullah Mujahid, issued a formal statement", 0),
    (4, Both,  "attribution", "Taliban officials allege", 0),
    (4, Both,  "quote",       "irresponsible and non-cooperative attitude", 0),
    (4, Both,  "quote",       "an Islamic and national duty", 0),
    (4, Both,  "attribution", "Afghanistan’s Minister for Tribes, Borders, and Tribal Affairs, Noorullah Noori, directly warned", 0),
    (4, Both,  "quote",       "test the patience of Afghans", 0),
    (4, Both,  "attribution", "Noori stressed", 0),
    (4, Ben,   "quote",       "if conflict arises, Afghans across generations would “rise to fight”", 0),
    (4, Both,  "quote",       "rise to fight", 0),
    (4, Both,  "attribution", "Mujahid noted", 0),
    (4, Both,  "quote",       "the Tehrik-i-Taliban Pakistan (TTP) issue dates back to 2002 and precedes the Islamic Emirate’s rise", 0),
    (4, Both,  "figure",      "2002", 0),
    (4, Both,  "attribution", "He clarified", 0),
    (4, Both,  "quote",       "while Kabul facilitated direct talks between TTP and Islamabad—which initially showed promise—the negotiations were allegedly undermined by elements within the Pakistani military", 0),
    (4, Both,  "attribution", "Mujahid asserted", 0),
    (4, Amira, "quote",       "these internal divisions in the Pakistan Army hinder a stable Afghan administration", 0),
    (4, Ben,   "claim",       "these internal divisions in the Pakistan Army hinder a stable Afghan administration", 0),
    (4, Amira, "attribution", "Based On ANI Report", 0),

    // ── 5. Taliban accuses Pakistan of undermining talks ──────────────────────────
    (5, Both,  "attribution", "Afghanistan’s Taliban government has criticized", 0),
    (5, Both,  "quote",       "irresponsible approach", 0),
    (5, Amira, "quote",       "a previously established ceasefire remains in effect despite recent border violence", 0),
    (5, Ben,   "claim",       "a previously established ceasefire remains in effect despite recent border violence", 0),
    (5, Both,  "claim",       "The two-day talks, mediated by Qatar and Turkey, concluded Friday without agreement", 0),
    (5, Both,  "figure",      "two-day", 0),
    (5, Amira, "attribution", "Taliban spokesperson Zabihullah Mujahid issued a statement", 0),
    (5, Ben,   "attribution", "Zabihullah Mujahid issued a statement", 0),
    (5, Both,  "attribution", "He said", 0),
    (5, Both,  "quote",       "present realistic and implementable demands to reach a fundamental solution", 0),
    (5, Both,  "quote",       "The Pakistani side exhibited an irresponsible and non-cooperative attitude", 0),
    (5, Both,  "attribution", "Mujahid stated", 0),
    (5, Both,  "attribution", "Information Minister Attaullah Tarar stated", 0),
    (5, Both,  "quote",       "will not support any steps by the Taliban government that are not in the interest of the Afghan people or neighbouring countries", 0),
    (5, Both,  "figure",      "2021", 0),
    (5, Both,  "attribution", "Pakistani officials claim", 0),
    (5, Both,  "quote",       "Afghanistan is providing safe haven to the Tehreek-e-Taliban Pakistan (TTP)", 0),
    (5, Both,  "claim",       "Pakistan has carried out airstrikes inside Afghan territory, including strikes near Kabul last month that the Taliban government attributed to Pakistan", 0),
    (5, Ben,   "quote",       "all necessary measures", 0),
    (5, Both,  "attribution", "According to United Nations figures", 0),
    (5, Both,  "claim",       "50 civilians were killed and 447 wounded on the Afghan side of the border", 0),
    (5, Both,  "figure",      "50", 0),
    (5, Both,  "figure",      "447", 0),
    (5, Amira, "figure",      "at least five", 0),
    (5, Ben,   "figure",      "five", 0),
    (5, Both,  "attribution", "Pakistan’s military reported", 0),
    (5, Both,  "figure",      "23", 0),
    (5, Both,  "figure",      "29", 0),
];

/// Notes an annotator left on one of their spans: `(doc, who, "exact substring", note)`.
/// The substring must be the text of one of that annotator's rows above.
#[rustfmt::skip]
pub const NOTES: &[(u64, Who, &str, &str)] = &[
    (1, Amira, "deadly clashes earlier in the month, where dozens lost their lives",
        "The sentence is garbled right after this (“along the in”): check the original article."),
    (1, Ben, "the two countries had agreed to a , on October 19, but were unable to find common ground during a second round of discussions in Istanbul, mediated by Turkey and Qatar",
        "A word is missing after “agreed to a” (a ceasefire?). Check the date too: article 3 puts the Doha talks on October 18."),
    (2, Amira, "Federal Information Minister Ataullah Tarar confirmed",
        "Spelled “Ataullah” here but “Attaullah” in the other reports."),
    (2, Amira, "Several Afghan posts were destroyed and dozens of Afghan soldiers and militants were killed",
        "The article gives no source for this toll; only “security sources” in the next paragraph."),
    (3, Ben, "By Observer News, Chen Sijia",
        "Byline, not a speaker: tagged as the source of the whole article."),
    (3, Amira, "Afghan news website 'Dawn' reported",
        "Dawn is a Pakistani newspaper, not an Afghan website: check which outlet this was."),
    (3, Amira, "On October 18, under the mediation of Qatar and Turkey, Pakistan and Afghanistan held talks in Doha, Qatar, and both sides agreed to an immediate ceasefire",
        "Check the date: article 2 says both sides announced the ceasefire on October 19."),
    (5, Amira, "2021",
        "Check the date: the US–Taliban Doha agreement was signed in February 2020."),
];

/// Who said what: `(doc, who, "content text", "source text")` links one of that annotator's
/// quotes, claims or figures to one of their attribution spans, both given by their exact
/// text (each must match one span of that annotator in that document). Where the two
/// annotators tagged different source spans, each links to their own, so the review shows
/// a link disagreement; a few contents have no tagged source ("an Afghan source privy to the
/// talks told the outlet") and stay unlinked.
#[rustfmt::skip]
pub const LINKS: &[(u64, Who, &str, &str)] = &[
    (1, Both,  "obliterate", "Pakistan’s defense minister issued a threat"),
    (1, Amira, "Peace talks, held in Istanbul, Turkey, concluded without a “workable solution,”", "Pakistan Information Minister Attaullah Tarar confirmed"),
    (1, Ben,   "Peace talks, held in Istanbul, Turkey, concluded without a “workable solution,”", "Attaullah Tarar confirmed"),
    (1, Amira, "workable solution", "Pakistan Information Minister Attaullah Tarar confirmed"),
    (1, Ben,   "workable solution", "Attaullah Tarar confirmed"),
    (1, Both,  "Pakistan does not require to employ even a fraction of its full arsenal to completely obliterate the Taliban regime and push them back to the caves for hiding", "Pakistan Defense Minister Khawaja Asif declared"),
    (1, Both,  "the two countries had agreed to a , on October 19, but were unable to find common ground during a second round of discussions in Istanbul, mediated by Turkey and Qatar", "According to Reuters"),
    (1, Both,  "The Afghan side kept deviating from the core issue … on which the dialogue process was initiated", "Pakistan’s information minister asserted"),
    (1, Both,  "the Taliban had been unwilling to agree to rein in the Pakistani Taliban", "A Pakistani security source informed Reuters"),

    (2, Both,  "if necessary, Pakistan could defeat the Taliban regime and set an example to the world", "Defense Minister Khawaja Asif warned"),
    (2, Amira, "the Afghan Taliban regime had repeatedly sought negotiations with Pakistan through “brotherly countries”, and Pakistan had accepted the offer in the interest of peace", "Khawaja Asif said"),
    (2, Ben,   "the Afghan Taliban regime had repeatedly sought negotiations with Pakistan through “brotherly countries”", "Khawaja Asif said"),
    // Ben leaves the phrase inside the indirect quote unlinked.
    (2, Amira, "brotherly countries", "Khawaja Asif said"),
    (2, Both,  "If necessary, we could defeat them in places like Tora Bora and set an example for people everywhere", "he said"),
    (2, Both,  "the Pakistan-Afghanistan dialogue in Istanbul had failed", "Federal Information Minister Ataullah Tarar confirmed"),
    (2, Both,  "Therefore, the dialogue failed to achieve any viable solution. We thank the governments of Qatar and Turkiye, and other friendly states, for their support and sincere efforts to achieve a peaceful solution to the problem of terrorism", "the minister wrote"),
    (2, Both,  "If the Taliban regime tries to fight, the world will see that its threats were mere bluster", "Asif said"),
    (2, Both,  "the decision was made at the request of the Taliban and with the mutual consent of both parties", "According to the Ministry of Foreign Affairs"),

    // Ben attributes the article's opening claim to the byline; Amira does not.
    (3, Ben,   "Last week, Pakistan and Afghanistan began a new round of dialogue in Istanbul, Turkey", "By Observer News, Chen Sijia"),
    (3, Amira, "failed to reach any feasible solution", "Pakistan's Minister of Information and Broadcasting, Attaullah Khan Tarar, announced"),
    (3, Ben,   "failed to reach any feasible solution", "Attaullah Khan Tarar, announced"),
    (3, Both,  "during the dialogue, Pakistan repeatedly contacted the Afghan side regarding cross-border activities of terrorist organizations such as the Pakistani Taliban and the Baloch Liberation Army, but the Afghan side did not make clear guarantees on combating these terrorist organizations", "Tarar stated"),
    // The split quote (see SPLITS), by its first fragment.
    (3, Both,  "Pakistan provided sufficient and irrefutable evidence, which was acknowledged by the Afghan Taliban and the host country of the dialogue. Unfortunately, the Afghan side did not make any guarantees", "Tarar said"),
    (3, Both,  "I can assure you, Pakistan does not even need to use a small part of its entire arsenal to completely destroy the Taliban government in Afghanistan and drive them back into the caves", "Asif also issued a strongly worded statement on social media, claiming"),
    (3, Both,  "disagreements on several final clauses led to the breakdown of the talks", "Afghan news website 'Dawn' reported"),

    (4, Both,  "irresponsible and non-cooperative attitude", "Taliban officials allege"),
    (4, Both,  "an Islamic and national duty", "The Taliban’s spokesperson, Zabihullah Mujahid, issued a formal statement"),
    (4, Both,  "test the patience of Afghans", "Afghanistan’s Minister for Tribes, Borders, and Tribal Affairs, Noorullah Noori, directly warned"),
    (4, Ben,   "if conflict arises, Afghans across generations would “rise to fight”", "Noori stressed"),
    (4, Both,  "rise to fight", "Noori stressed"),
    (4, Both,  "the Tehrik-i-Taliban Pakistan (TTP) issue dates back to 2002 and precedes the Islamic Emirate’s rise", "Mujahid noted"),
    (4, Both,  "while Kabul facilitated direct talks between TTP and Islamabad—which initially showed promise—the negotiations were allegedly undermined by elements within the Pakistani military", "He clarified"),
    (4, Both,  "these internal divisions in the Pakistan Army hinder a stable Afghan administration", "Mujahid asserted"),

    (5, Both,  "irresponsible approach", "Afghanistan’s Taliban government has criticized"),
    (5, Both,  "present realistic and implementable demands to reach a fundamental solution", "He said"),
    (5, Both,  "The Pakistani side exhibited an irresponsible and non-cooperative attitude", "Mujahid stated"),
    (5, Both,  "will not support any steps by the Taliban government that are not in the interest of the Afghan people or neighbouring countries", "Information Minister Attaullah Tarar stated"),
    (5, Both,  "Afghanistan is providing safe haven to the Tehreek-e-Taliban Pakistan (TTP)", "Pakistani officials claim"),
    (5, Both,  "50 civilians were killed and 447 wounded on the Afghan side of the border", "According to United Nations figures"),
];

/// Split spans: `(doc, who, "first fragment", "next fragment")` adds the second text (which
/// must appear once in the article) to that annotator's span of the first. Article 3's
/// quote is interrupted by its reporting clause: "…did not make any guarantees," Tarar
/// said. "The Afghan side continuously deviated…"
#[rustfmt::skip]
pub const SPLITS: &[(u64, Who, &str, &str)] = &[
    (3, Both, "Pakistan provided sufficient and irrefutable evidence, which was acknowledged by the Afghan Taliban and the host country of the dialogue. Unfortunately, the Afghan side did not make any guarantees",
        "The Afghan side continuously deviated from the core issues and avoided key points to initiate the dialogue process. The Taliban are unwilling to take any responsibility, instead shifting blame, changing the subject, and playing tricks. Therefore, no feasible solution was reached in the dialogue"),
];
