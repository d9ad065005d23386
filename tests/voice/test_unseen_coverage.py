"""Regression tests of the issue "Voice and speaker that hold on unseen coverage".

One table per error kind; every sentence is written for the test. The voice stage runs
as ``framing score`` runs it (both passes), and each case asserts voice, speaker and
group.
"""

from __future__ import annotations

import pytest

from analysis.voice.voices import Voice

PUTIN = Voice("reported", "Vladimir Putin", "russian_official")
XI = Voice("reported", "Xi Jinping", "chinese_official")
LAVROV = Voice("reported", "Sergei Lavrov", "russian_official")
JOINT_QUOTE = Voice("quote", "Putin and Xi", "joint_official")
JOINT = Voice("reported", "Putin and Xi", "joint_official")


# --- the reporting clause after the content, or in the middle of the sentence ----------

POSTPOSED = [
    # the circumstances of the speech act follow the verb: the content is before it
    ("Ties between the two countries are a force for stability, Chinese President Xi "
     "Jinping said during talks in Moscow on Monday.", "a force for stability", XI),
    ("Russia is a junior partner, Lavrov told reporters in Moscow after the talks.",
     "a junior partner", LAVROV),
    # the closest speaker of the content, not the agency that relays it
    ("Ties between the two countries are a force for stability, Chinese President Xi "
     "Jinping said during talks on Monday, Xinhua reported.", "a force for stability", XI),
    # an inverted verb after a comma
    ("As long as Moscow and Beijing stand together, no one can stop them, said Xi.",
     "no one can stop them", XI),
    # what follows "that" is the content, not a circumstance
    ("Putin said in Moscow that Russia is a junior partner.", "a junior partner", PUTIN),
    ("Putin met Xi. Putin said Russia is in a strong position.", "in a strong position",
     PUTIN),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), POSTPOSED)
def test_reporting_clause_after_the_content(text, phrase, expected, speakers, voice_of):
    assert voice_of(text, phrase, speakers) == expected


# --- reporting and declaring verbs from the data ----------------------------------------

VERBS = [
    # a describing verb reports a view with "as" ...
    ("Putin characterized the relationship as a stabilizing factor.", "a stabilizing factor",
     PUTIN),
    ("Xi lauded the ties as the best ever.", "the best ever", XI),
    ("Putin hailed relations as a model for the world.", "a model for the world", PUTIN),
    # ... and attributes a quoted formula
    ("Putin praises relations as a “stabilising” factor.", "stabilising",
     Voice("quote", "Vladimir Putin", "russian_official")),
    # praise without "as" is not speech
    ("Putin praised Xi at length.", "at length", Voice("narrator")),
    # declaring verbs: the declaration's content is reported
    ("Both countries declared a boundless partnership.", "a boundless partnership", JOINT),
    ("Then the two men pledged to build a multipolar world.", "a multipolar world", JOINT),
    ("Putin and Xi signed what they called a no-limits partnership.",
     "a no-limits partnership", JOINT),
    # affirm, voice, highlight, profess
    ("Lavrov affirmed that relations had no limits.", "had no limits", LAVROV),
    ("Xi reaffirmed Beijing's readiness to build a multipolar world.", "a multipolar world",
     XI),
    ("Xi voiced readiness to build a multipolar world.", "a multipolar world", XI),
    ("Xi highlighted the role of both nations in a multipolar world.", "a multipolar world",
     XI),
    # a passive speech verb names its speaker after "by"
    ("The ties, described by Xi as “the best in history,” grew.", "the best in history",
     Voice("quote", "Xi Jinping", "chinese_official")),
    # a verb form that is a noun here: "claims of", "a third term", "state media"
    ("Moscow denied claims of a vassal relationship with Beijing.", "a vassal relationship",
     Voice("narrator")),
    ("Xi began a third term as Moscow grew dependent on Beijing.", "grew dependent",
     Voice("narrator")),
    ("Source: a broadcaster [French state media]\n\nRussia depends on China.",
     "depends on China", Voice("narrator")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), VERBS)
def test_reporting_and_declaring_verbs_from_the_data(text, phrase, expected, speakers, voice_of):
    assert voice_of(text, phrase, speakers) == expected


# --- a quoted formula in a sentence whose subject declares it (R2) -----------------------

FORMULAS = [
    ("China has sought to look neutral, but has declared a “no limits” relationship with "
     "Russia.", "no limits", Voice("quote", "China", "chinese_official")),
    ("It began with Moscow and Beijing pleading that their ties “had no limits” last "
     "winter.", "had no limits", JOINT_QUOTE),
    ("Both countries see themselves as “stabilizing forces” in a chaotic world.",
     "stabilizing forces", JOINT_QUOTE),
    ("Then the two men pledged that their friendship knew “no limits”.", "no limits",
     JOINT_QUOTE),
    ("Both powers declared a “partnership without borders” last year.",
     "partnership without borders", JOINT_QUOTE),
    # a headline naming both countries as the subject
    ("China, Russia pledge to act as a ballast for world peace", "a ballast for world peace",
     JOINT),
    # a view is no source of a quote: the outlet's scare quote stays one
    ("Putin and Xi see Washington as a rival and have sought a “no-limits” relationship.",
     "no-limits", Voice("scare_quote")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), FORMULAS)
def test_quoted_formula_of_a_declaring_subject(text, phrase, expected, speakers, voice_of):
    assert voice_of(text, phrase, speakers) == expected


# --- what is not the subject of the speech verb -----------------------------------------

NOT_SUBJECTS = [
    # a possessive names the owner of the subject, not the subject
    ("Xi's visit underscored Moscow's growing reliance on Beijing.", "growing reliance",
     Voice("narrator")),
    # a name after a preposition is not the subject
    ("The trip by the Chinese president highlighted the lopsided ties.", "lopsided ties",
     Voice("narrator")),
    ("Even sources close to the Kremlin have said that Russia is a junior partner.",
     "a junior partner", Voice("reported", "unnamed", "other")),
    # the addressee of "told" is not the speaker
    ("“Russia needs China badly,” Ivan Petrov, chief economist at the Institute of Finance, "
     "told AFP.", "needs China badly", Voice("quote", "Ivan Petrov", "analyst")),
    ("“Russia is headed there,” Ivan Petrov, a professor at Boston University told Insider.",
     "headed there", Voice("quote", "Ivan Petrov", "analyst")),
    # datelines and place names before a colon are not sources
    ("Beijing (AFP) - Xi's visit underscored an unequal alliance.", "unequal alliance",
     Voice("narrator")),
    ("MOSCOW: In this relationship, it feels as if Russia is the junior partner.",
     "junior partner", Voice("narrator")),
    ("Moscow: In this relationship, Russia is the junior partner.\n\nMore text.",
     "junior partner", Voice("narrator")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), NOT_SUBJECTS)
def test_what_is_not_the_subject(text, phrase, expected, speakers, voice_of):
    assert voice_of(text, phrase, speakers) == expected


def test_an_attribution_device_without_a_name(speakers, voice_of):
    text = "Some even lamented the subjugation of Moscow to Beijing."
    assert voice_of(text, "subjugation", speakers) == Voice("reported", "unnamed", "other")
    text = "‘Xi will not let Putin fall,’ according to commentator Tang Jingyuan."
    assert voice_of(text, "let Putin fall", speakers) == Voice("quote", "Tang Jingyuan", "other")


# --- groups of named speakers the speakers file does not list ---------------------------

GROUPS = [
    # role nouns around the name (speakers.yaml: descriptions, nations)
    ("“Russia needs China,” said Pavel Ivanov, founder of the consultancy Risk Partners.",
     "needs China", Voice("quote", "Pavel Ivanov", "analyst")),
    ("Kremlin aide Yuri Petrov told reporters that the document would highlight a just "
     "world order.", "a just world order", Voice("reported", "Yuri Petrov", "russian_official")),
    ("CIA director Jo Smith said Russia depends on China.", "depends on China",
     Voice("reported", "Jo Smith", "western_official")),
    # an office of another nation, or a former one, speaks for no government here
    ("Bolivian Foreign Minister Ana Ruiz said the visit brought stability to the world.",
     "brought stability", Voice("reported", "Ana Ruiz", "other")),
    ("Former Bolivian Foreign Minister Ana Ruiz said the visit brought stability to the "
     "world.", "brought stability", Voice("reported", "Ana Ruiz", "other")),
    # media named as speakers are other (R4)
    ("China holds the cards, according to the Financial Times.", "holds the cards",
     Voice("reported", "Financial Times", "other")),
    # a name with no clue stays unknown
    ("Jo Smith said Russia depends on China.", "depends on China",
     Voice("reported", "Jo Smith", "unknown")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), GROUPS)
def test_groups_of_unlisted_speakers_from_their_description(text, phrase, expected, speakers,
                                                            voice_of):
    assert voice_of(text, phrase, speakers) == expected


# --- unnamed sources -------------------------------------------------------------------

UNNAMED = [
    ("Industry insiders said China had the upper hand.", "the upper hand",
     Voice("reported", "unnamed", "other")),
    ("Many Russians worry about China dominating the relationship.", "China dominating",
     Voice("reported", "unnamed", "other")),
    # observers are not said to be experts: other
    ("According to international observers, China is gaining influence over Russia.",
     "gaining influence", Voice("reported", "unnamed", "other")),
    ("Observers have pointed to Moscow's dependence on Beijing.", "dependence on Beijing",
     Voice("reported", "unnamed", "other")),
    # experts and scholars are analysts
    ("Many scholars argue that Moscow has become the junior partner.", "the junior partner",
     Voice("reported", "unnamed", "analyst")),
    # a nation's leadership speaks for its government
    ("Russia’s political and academic leadership profess that the two countries are "
     "natural partners.", "natural partners", Voice("reported", "unnamed", "russian_official")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), UNNAMED)
def test_unnamed_sources(text, phrase, expected, speakers, voice_of):
    assert voice_of(text, phrase, speakers) == expected


# --- both leaders together, and the speaker an agency or readout relays -----------------

JOINT_AND_RELAYS = [
    # a participle's subject is the main clause's: both leaders joined by "and"
    ("Chinese President Xi Jinping and Russian President Vladimir Putin have just met, "
     "emphasizing their “unprecedented” ties.", "unprecedented", JOINT_QUOTE),
    ("President Xi Jinping of China and President Vladimir Putin of Russia declared a "
     "partnership with “no limits”.", "no limits", JOINT_QUOTE),
    # a possessive is not the subject of "and announced"
    ("Last year, just before Moscow’s troops moved, the leaders met and announced a “no "
     "limits” partnership.", "no limits", JOINT_QUOTE),
    ("Putin visited China in May and along with Xi Jinping pledged to strive for a just "
     "world order.", "a just world order", JOINT),
    # the speaker before a quote, not the readout or agency after it
    ("Putin told Xi “our positions coincide on a multipolar world”, according to a readout "
     "from the Kremlin.", "a multipolar world", Voice("quote", "Vladimir Putin",
                                                      "russian_official")),
    ("Xi called for joint efforts to 'safeguard fairness', Xinhua reported.",
     "safeguard fairness", Voice("quote", "Xi Jinping", "chinese_official")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), JOINT_AND_RELAYS)
def test_joint_speakers_and_relayed_quotes(text, phrase, expected, speakers, voice_of):
    assert voice_of(text, phrase, speakers) == expected


# --- a speaker named by one of their names ----------------------------------------------

ONE_NAME = [
    # a listed person by a name of theirs no alias lists
    ("“The two powers carry a special responsibility for stability,” said Wang.",
     "special responsibility", Voice("quote", "Wang Yi", "chinese_official")),
    ("President Jinping added that ties would bring stability to the world.",
     "bring stability", XI),
    # an unlisted person by their surname: the group of the full name's description
    ("Zhao Long, an expert at a Shanghai institute, spoke on Monday. “The ties are not "
     "open-ended,” Zhao said.", "not open-ended", Voice("quote", "Zhao", "analyst")),
    # a name after a preposition inside the description: "Ambassador to Russia X"
    ("Chinese Ambassador to Russia Zhang Hanhui said that “the two countries safeguard "
     "peace.”", "safeguard peace", Voice("quote", "Zhang Hanhui", "chinese_official")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), ONE_NAME)
def test_speakers_named_by_one_name(text, phrase, expected, speakers, voice_of):
    assert voice_of(text, phrase, speakers) == expected


# --- sentence shapes and scraped text ---------------------------------------------------

SHAPES = [
    # a short trailer does not make the last comma's clause the subject
    ("Western commentators are quick, and right, to point out the power imbalances between "
     "Russia and China.", "the power imbalances", Voice("reported", "unnamed", "other")),
    # "It’s" is a contraction, not a possessive
    ("It’s argued that Moscow has become the junior partner.", "the junior partner",
     Voice("reported", "unnamed", "other")),
    # "what" opens the clause whose subject speaks
    ("Putin has developed what many Kremlin watchers have warned is a dangerous reliance on "
     "China.", "a dangerous reliance", Voice("reported", "unnamed", "analyst")),
    # a name with "on", "of", "for" in it
    ("Moscow needs Washington, according to the Council on Foreign Relations.",
     "needs Washington", Voice("reported", "Council on Foreign Relations", "analyst")),
    # "a statement signed by X" is no declaration of X's
    ("A joint statement signed by the two leaders omits the countries’ much-touted “no "
     "limits” partnership.", "no limits", Voice("scare_quote")),
    # a headline's "Country and Country:" is no source tag
    ("China and Russia: A ‘no limits’ partnership with firm limits\n\nText.", "no limits",
     Voice("scare_quote")),
    # quotes as HTML entities, a closing quote before a digit, paragraph markup
    ("Putin says the relationship is a &#39;stabilizing factor&#39; in the world",
     "stabilizing factor", Voice("quote", "Vladimir Putin", "russian_official")),
    ("Xi Jinping meets Putin, set to deepen ‘no-limits friendship’1 min read", "no-limits",
     Voice("scare_quote")),
    ("However, the US has warned China.</p>.<p>The growing dependence on China is bad news.",
     "growing dependence", Voice("narrator")),
    # a subheading in quotation marks continues nobody's quote
    ("“Ties have no limits,” Putin said.\n“Stability”\nMore text.", "Stability",
     Voice("scare_quote")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), SHAPES)
def test_sentence_shapes_and_scraped_text(text, phrase, expected, speakers, voice_of):
    assert voice_of(text, phrase, speakers) == expected


# --- quotes attributed by the paragraph before them or by a speaker's tag ---------------

PARAGRAPHS = [
    # news style: an attributed paragraph, then a paragraph of the speaker's words
    ("The Russian president said that relations had grown.\n\n“Ties have reached the "
     "highest level in their history and keep growing.”", "highest level",
     Voice("quote", "Vladimir Putin", "russian_official")),
    # the speaker, not the video or agency that relays the paragraph before
    ("“Dear friend,” Putin told Xi, according to a video on the Kremlin’s channel.\n\n“Our "
     "relations are at an unprecedentedly high level now.”", "unprecedentedly high",
     Voice("quote", "Vladimir Putin", "russian_official")),
    # a transcript: "Name: “…”"
    ("Lavrov: “We are moving toward a just and democratic world order together.”",
     "democratic world order", Voice("quote", "Sergei Lavrov", "russian_official")),
    ("Wang Yi spoke next.\n\nYi: “There is no limit to the cooperation between us.”",
     "no limit", Voice("quote", "Wang Yi", "chinese_official")),
    # a quote opening a paragraph after one without attribution stays unattributed
    ("Trade grew last year.\n\n“Ties have reached the highest level in their history.”",
     "highest level", Voice("quote")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), PARAGRAPHS)
def test_quotes_attributed_by_the_paragraph_before_or_a_tag(text, phrase, expected,
                                                           speakers, voice_of):
    assert voice_of(text, phrase, speakers) == expected


# --- descriptions that stand for a source the text names --------------------------------

REFERENCES = [
    ("Ties are uneven, according to the Council on Foreign Relations. The think tank says "
     "Moscow needs Washington.", "needs Washington",
     Voice("reported", "Council on Foreign Relations", "analyst")),
    # a headline's description before the article names the source
    ("Russia needs the US, think tank says\n\nMoscow depends on Beijing, according to the "
     "Council on Foreign Relations.", "Russia needs the US",
     Voice("reported", "Council on Foreign Relations", "analyst")),
    ("According to the Carnegie Endowment, trade is uneven. In a note, the Washington-based "
     "think tank pointed to Russia's reliance on the yuan.", "reliance on the yuan",
     Voice("reported", "Carnegie Endowment", "analyst")),
    # a document speaks for its author
    ("A report by the RAND Corporation think tank came out.\n“The partners are unequal,” the "
     "study said.", "unequal", Voice("quote", "RAND Corporation", "analyst")),
    ("A new report suggests Russia gives generously.\n\nThe report by Strider Technologies "
     "says China gains a foothold.", "gives generously",
     Voice("reported", "Strider Technologies", "analyst")),
    # a person described before their name, then by the description alone
    ("This view was expressed by diplomat and director of the Center for Defense Strategies "
     "Oleksandr Khara. “Russia is a cow for China,” the diplomat analogizes.", "a cow for China",
     Voice("quote", "Oleksandr Khara", "analyst")),
    # "it" after an unnamed organisation is that source
    ("One think tank says ties are uneven. It says China gains more.", "China gains more",
     Voice("reported", "unnamed", "analyst")),
    # "one think tank", or a description the text names nobody for, stays unnamed
    ("One think tank says Russia is the junior partner.", "the junior partner",
     Voice("reported", "unnamed", "analyst")),
    ("The analyst said ties were deep.", "ties were deep", Voice("reported", "unnamed", "analyst")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), REFERENCES)
def test_descriptions_stand_for_the_named_source(text, phrase, expected, speakers, voice_of):
    assert voice_of(text, phrase, speakers) == expected


# --- speech reported by a noun, and stances an opener attributes -------------------------

CLAIMS = [
    # the owner the text names
    ("Russian officials denounced French President Emmanuel Macron’s comments Monday that "
     "Moscow was subservient to China, saying the West must adapt.", "subservient to China",
     Voice("reported", "Emmanuel Macron", "western_official")),
    ("Russia slams Macron for comments on Moscow’s “subservience” to China", "subservience",
     Voice("quote", "Emmanuel Macron", "western_official")),
    ("Russia denounces Macron for saying Moscow is becoming a Chinese ‘vassal’", "vassal",
     Voice("quote", "Emmanuel Macron", "western_official")),
    ("Despite Russia and China’s proclamations of an unbreakable “boundless friendship,” "
     "talks were hard.", "boundless friendship", JOINT_QUOTE),
    # a declaration without owner is its clause's subject's
    ("In early 2022, as Russia prepared its invasion, China made headlines with a bold "
     "declaration: it was forging a “no-limits friendship” with Russia.",
     "no-limits friendship", Voice("quote", "China", "chinese_official")),
    # claims without owner are an unnamed source's
    ("China emerged as an ally for Moscow, boosting claims that Russia is forced to align "
     "with Beijing.", "forced to align", Voice("reported", "unnamed", "other")),
    ("Concerns grow that China and Russia are forming a bloc.", "forming a bloc",
     Voice("reported", "unnamed", "other")),
    # a topic is not what was said; a verb form is no noun
    ("The two leaders also signed a statement on strengthening global strategic stability.",
     "global strategic stability", Voice("narrator")),
    ("I would not claim that Moscow is a vassal of Beijing.", "a vassal", Voice("narrator")),
    # a participle's content follows it, the clause before is not its
    ("Officials in Moscow met on Monday, saying the West must adapt.", "met on Monday",
     Voice("narrator")),
    # "For X, …" attributes a stance to a person the text describes or to unnamed experts
    ("For former Bolivian Foreign Minister Ana Ruiz, the visit has injected stability into "
     "the world.", "injected stability", Voice("reported", "Ana Ruiz", "other")),
    ("For many analysts, Moscow is now the junior partner.", "the junior partner",
     Voice("reported", "unnamed", "analyst")),
    # ... not to any name: "For Xi, the trip is a chance" is the outlet's analysis
    ("For Xi, the trip is a chance to build a multipolar world.", "a multipolar world",
     Voice("narrator")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), CLAIMS)
def test_speech_nouns_and_stances(text, phrase, expected, speakers, voice_of):
    assert voice_of(text, phrase, speakers) == expected


# --- pronouns and role nouns resolved to the nearest compatible named speaker ------------

PRONOUNS = [
    # a person the text introduces with a description, named after a listed leader
    ("Xi met Putin. Sam Greene, a British academic, spoke next.\n\n“China’s dominance over "
     "Russia is total,” he said.", "dominance", Voice("quote", "Sam Greene", "analyst")),
    # a person introduced as the subject of "began by declaring"
    ("Putin’s trip was short. Ivan Petrov began by declaring that “Moscow accepts this.” He "
     "added that “China supplies everything else.”", "supplies everything",
     Voice("quote", "Ivan Petrov", "unknown")),
    # a role noun with a nation: the one of that nation who holds the role
    ("Lavrov met Wang Yi in Moscow. According to the Russian top diplomat, ties are "
     "strong.", "ties are strong", LAVROV),
    # a person named after a preposition is no antecedent of "he"
    ("Lavrov spoke in Moscow. Ties grew thanks to a treaty signed by Putin in 2001. He "
     "stressed that ties were “the best ever.”", "the best ever",
     Voice("quote", "Sergei Lavrov", "russian_official")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), PRONOUNS)
def test_pronouns_and_roles_resolve_to_the_nearest_named_speaker(text, phrase, expected,
                                                                 speakers, voice_of):
    assert voice_of(text, phrase, speakers) == expected


# --- more sources named around the content ----------------------------------------------

AROUND = [
    # a final attribution after a quote in the middle of the sentence: all of it
    ("Part of the reason for the changing balance may be the war, making “the change happen "
     "faster,” a researcher at the Carnegie Center told The Guardian.", "the changing balance",
     Voice("reported", "unnamed", "analyst")),
    # "Titled “…”, X began by declaring that “…”": both quotes are X's
    ("Titled “Beijing can no longer treat Moscow as a junior partner”, Ivan Petrov began by "
     "declaring that “Moscow accepts it.”", "Beijing can no longer",
     Voice("quote", "Ivan Petrov", "unknown")),
    # a description after the sentence (a byline), or a label with a middle initial
    ("Kazakhstan is drifting from Russia, writes Jo Smith.\n\nJo Smith is a journalist and "
     "co-founder of a think tank.", "drifting from Russia", Voice("reported", "Jo Smith", "other")),
    ("Expert(s): Brian K. Carlson\n\nCSS' Brian Carlson tells Welt that Russia will depend on "
     "China.", "depend on China", Voice("reported", "Brian Carlson", "analyst")),
    # a view the subject promotes is the subject's, not an unnamed source's
    ("As Russian and international experts review the summit, often promoting the view that "
     "Russia is falling into dependence, the debate grows.", "falling into dependence",
     Voice("reported", "analysts", "analyst")),
    # the participants of the leaders' talks, and a leader declaring "their" partnership
    ("Xi and Putin spoke by phone. The participants in the conversation emphasized the "
     "stabilizing role of their cooperation.", "stabilizing role", JOINT),
    ("Putin sat opposite Xi at a long table and declared their “partnership without limits”.",
     "partnership without limits", JOINT_QUOTE),
    # a quote paragraph, then a paragraph that introduces its speaker
    ("“Russia depends on Beijing’s willingness to sustain its war machine.”\nIvan Petrov, a "
     "senior fellow at a Kyiv institute, analyzes China’s role.", "war machine",
     Voice("quote", "Ivan Petrov", "analyst")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), AROUND)
def test_sources_named_around_the_content(text, phrase, expected, speakers, voice_of):
    assert voice_of(text, phrase, speakers) == expected
