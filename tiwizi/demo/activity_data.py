"""The demo program's activity, as written by hand: the program, its partners and money,
cohorts, courses and their sessions, coaching themes and the events.

Dates are given in days relative to the day the demo is loaded (negative: in the past),
so that the demo always looks current: the program started about 14 months ago and ends
in about 10. activity.py turns these specs into rows, drawing the details (who is
enrolled, who came, when the coach visited) from `random.Random(data.SEED)`.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from tiwizi.demo.data import MARRAKECH, OUARZAZATE, TINGHIR, ZAGORA

T = datetime.time

# --- The program --------------------------------------------------------------------

PROGRAM_KEY = "program:mining-areas-phase-1"
PROGRAM_NAME = {
    "fr": "Culture entrepreneuriale dans les zones minières — phase 1",
    "ar": "ثقافة المقاولة في المناطق المنجمية — المرحلة 1",
    "en": "Entrepreneurial culture in the mining areas — phase 1",
}
PROGRAM_DESCRIPTION = {
    "fr": (
        "Deux ans d'appui aux coopératives et GIE des provinces de Ouarzazate, Zagora, "
        "Tinghir et Marrakech : formations, coaching sur place et mise en relation avec les "
        "marchés, financés par le département RSE d'une fondation minière."
    ),
    "ar": (
        "سنتان من المواكبة لفائدة التعاونيات والمجموعات ذات النفع الاقتصادي بأقاليم "
        "ورزازات وزاكورة وتنغير ومراكش: تكوينات، ومواكبة ميدانية، وربط بالأسواق، بتمويل "
        "من قسم المسؤولية الاجتماعية لمؤسسة منجمية."
    ),
    "en": (
        "Two years of support to the cooperatives and GIEs of Ouarzazate, Zagora, Tinghir "
        "and Marrakech provinces: training, on-site coaching and links to markets, funded "
        "by the CSR department of a mining foundation."
    ),
}
PROGRAM_PROVINCES = (OUARZAZATE, ZAGORA, TINGHIR, MARRAKECH)
PROGRAM_BUDGET_MAD = Decimal("2150000.00")
# Days from today: start about 14 months ago, end about 10 months from now (two years).
PROGRAM_START = -426
PROGRAM_END = PROGRAM_START + 730


@dataclass(frozen=True)
class CohortSpec:
    key: str
    name: str
    start: int  # days from today
    end: int


COHORT_1 = CohortSpec("c1", "Cohorte 1", PROGRAM_START, PROGRAM_START + 364)  # ended ~2 months ago
COHORT_2 = CohortSpec("c2", "Cohorte 2", -60, PROGRAM_END)  # started ~2 months ago
COHORTS = (COHORT_1, COHORT_2)


@dataclass(frozen=True)
class ContributionSpec:
    key: str
    partner: str  # OrganizationSpec.key
    kind: str  # cash, in_kind
    amount_mad: Decimal
    status: str  # pledged, received
    day: int  # days from today
    description: str


# The funder pledged 1,200,000 MAD in cash: two tranches received (800,000), the third
# still pledged. The partners' in-kind support is valued in MAD too.
CONTRIBUTIONS = (
    ContributionSpec(
        "contribution:funder:tranche-1", "funder-fms", "cash", Decimal("500000.00"),
        "received", PROGRAM_START + 18,
        "Première tranche de la convention de financement",
    ),
    ContributionSpec(
        "contribution:funder:tranche-2", "funder-fms", "cash", Decimal("300000.00"),
        "received", PROGRAM_START + 215,
        "Deuxième tranche, après le rapport d'étape de la cohorte 1",
    ),
    ContributionSpec(
        "contribution:funder:tranche-3", "funder-fms", "cash", Decimal("400000.00"),
        "pledged", PROGRAM_START + 5,
        "Troisième tranche, attendue au lancement de la cohorte 2",
    ),
    ContributionSpec(
        "contribution:institution:rooms", "institution-ordao", "in_kind", Decimal("180000.00"),
        "received", PROGRAM_START + 30,
        "Salles de formation et centre de qualification agricole mis à disposition",
    ),
    ContributionSpec(
        "contribution:ngo:coaching", "ngo-tiwizi", "in_kind", Decimal("320000.00"),
        "received", PROGRAM_START + 60,
        "Temps de coaching des animateurs de l'association",
    ),
)  # fmt: skip

# --- Who takes part ----------------------------------------------------------------------

# Cohort 1: 22 cooperatives; the others and the three GIEs form cohort 2.
COHORT_1_COOPERATIVES = (
    # Ouarzazate
    "safran-siroua", "tapis-taznakht", "tamghart-skoura", "amandes-amerzgane",
    "miel-iznaguen", "couscous-tidili", "tourisme-tifawin",
    # Zagora
    "dattes-nakhil", "poterie-tamegroute", "al-amal-mhamid", "henne-tinzouline",
    "dattes-fezouata", "tighremt-agdz",
    # Tinghir
    "ward-mgouna", "tilila-aromatiques", "amandes-dades", "miel-toudgha",
    "cereales-msemrir", "dattes-alnif",
    # Marrakech
    "argan-tamount", "fakhar-saada", "nour-tassoultante",
)  # fmt: skip
# Cohort 1 ended about two months ago: most cooperatives graduated, these are still
# finishing their coaching.
COHORT_1_STILL_ACTIVE = (
    "tourisme-tifawin", "henne-tinzouline", "tighremt-agdz", "cereales-msemrir",
    "dattes-alnif", "nour-tassoultante", "couscous-tidili",
)  # fmt: skip
# Cohort 2: (organization, status, days from today when that status began).
COHORT_2_PARTICIPANTS = (
    ("zaafrane-ighrem", "active", -60),
    ("tissage-tagounite", "selected", -52),
    ("amandes-tazarine", "active", -60),
    ("tissage-ait-atta", "withdrawn", -38),  # dormant: withdrew after the first session
    ("zitoun-loudaya", "active", -60),
    ("gie-safran-siroua", "active", -60),
    ("gie-dattes-draa", "active", -60),
    ("gie-roses-mgoun", "selected", -50),
)

# --- Courses --------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseSpec:
    key: str
    title_fr: str
    title_ar: str
    title_en: str
    objectives: str
    topics: tuple[str, ...]
    languages: tuple[str, ...]
    starts: datetime.time  # the daily timetable of its sessions
    ends: datetime.time
    days: int  # sessions in a cohort: duration_hours = days x daily hours
    # Which cooperatives send people: "all", "food" (ONSSA), "women" (women members only)
    audience: str = "all"


COURSES = (
    CourseSpec(
        "governance",
        "Gouvernance coopérative et loi 112-12",
        "الحكامة التعاونية والقانون 112-12",
        "Cooperative governance and law 112-12",
        "Tenir une assemblée générale et un conseil d'administration conformes à la loi "
        "112-12, rédiger les procès-verbaux, tenir les registres obligatoires et connaître "
        "les droits et devoirs des coopérateurs.",
        (
            "Principes coopératifs et loi 112-12",
            "Rôles du président, du trésorier et du secrétaire",
            "Assemblée générale, quorum et procès-verbaux",
            "Registres obligatoires et relations avec l'ODCO",
        ),
        ("ary", "ber", "ar"),
        T(9, 0),
        T(15, 0),
        days=4,
    ),
    CourseSpec(
        "bookkeeping",
        "Comptabilité simplifiée et gestion financière",
        "المحاسبة المبسطة والتدبير المالي",
        "Simplified bookkeeping and financial management",
        "Tenir un journal de caisse et de banque, calculer un prix de revient, préparer un "
        "budget annuel et présenter les comptes à l'assemblée générale.",
        (
            "Journal de caisse et de banque",
            "Pièces justificatives et classement",
            "Prix de revient et marge",
            "Budget prévisionnel et trésorerie",
            "Obligations fiscales des coopératives",
        ),
        ("ary", "ar", "fr"),
        T(9, 0),
        T(15, 0),
        days=6,
    ),
    CourseSpec(
        "onssa",
        "Qualité, hygiène et autorisation ONSSA",
        "الجودة والنظافة والترخيص من المكتب الوطني للسلامة الصحية للمنتجات الغذائية",
        "Quality, hygiene and ONSSA authorization",
        "Appliquer les bonnes pratiques d'hygiène, préparer le dossier d'autorisation ou "
        "d'agrément sanitaire de l'ONSSA et tenir la traçabilité des lots.",
        (
            "Bonnes pratiques d'hygiène et de fabrication",
            "Autorisation et agrément sanitaires : le dossier",
            "Étiquetage et traçabilité des lots",
            "Préparer la visite de l'inspecteur",
        ),
        ("ary", "ber"),
        T(9, 0),
        T(14, 0),
        days=4,
        audience="food",
    ),
    CourseSpec(
        "marketing",
        "Marketing et accès aux marchés",
        "التسويق والولوج إلى الأسواق",
        "Marketing and market access",
        "Connaître ses clients et ses concurrents, fixer ses prix, présenter ses produits "
        "sur un salon et négocier avec un acheteur de la grande distribution.",
        (
            "Étude de marché simple",
            "Prix, marge et conditions de vente",
            "Emballage et présentation des produits",
            "Salons, foires et acheteurs",
            "Contrats et bons de commande",
        ),
        ("ary", "ar", "fr"),
        T(9, 0),
        T(15, 0),
        days=6,
    ),
    CourseSpec(
        "women-leadership",
        "Leadership féminin et entrepreneuriat",
        "القيادة النسائية والمقاولة",
        "Women's leadership and entrepreneurship",
        "Prendre la parole en assemblée, conduire un projet de la coopérative et défendre "
        "ses intérêts face aux partenaires.",
        (
            "Confiance en soi et prise de parole",
            "Conduire une réunion",
            "Monter un petit projet et le présenter",
            "Réseaux de femmes entrepreneures",
        ),
        ("ary", "ber"),
        T(9, 30),
        T(14, 30),
        days=4,
        audience="women",
    ),
    CourseSpec(
        "e-commerce",
        "Commerce électronique et réseaux sociaux",
        "التجارة الإلكترونية وشبكات التواصل الاجتماعي",
        "E-commerce and social media",
        "Photographier ses produits, tenir une page professionnelle, répondre aux commandes "
        "en ligne et utiliser le paiement mobile et la livraison.",
        (
            "Photographier ses produits avec un téléphone",
            "Page professionnelle et messagerie",
            "Places de marché en ligne",
            "Paiement mobile, livraison et retours",
        ),
        ("ary", "ar", "fr"),
        T(9, 0),
        T(15, 0),
        days=6,
    ),
)


@dataclass(frozen=True)
class TrainingSpec:
    """A course given to a cohort: sessions on consecutive working days, in blocks."""

    course: str  # CourseSpec.key
    cohort: CohortSpec
    blocks: tuple[tuple[int, int], ...]  # (first day from today, sessions in a row)
    commune: str  # HCP code
    venue: str
    status: str = "held"  # held, planned
    cancelled: tuple[int, ...] = ()  # days from today of a cancelled session


# 40 sessions over the last year: 30 for cohort 1, 10 for cohort 2 (6 held, 1 cancelled,
# 3 planned in the coming weeks). A course is given to a whole cohort in one place:
# the certificate counts the course's held sessions in the cohort (training.services).
TRAININGS = (
    TrainingSpec(
        "governance", COHORT_1, ((-352, 2), (-338, 2)), "08.401.01.07",
        "Complexe culturel de Ouarzazate",
    ),
    TrainingSpec(
        "bookkeeping", COHORT_1, ((-304, 3), (-290, 3)), "08.587.01.13",
        "Maison des jeunes de Zagora",
    ),
    TrainingSpec(
        "onssa", COHORT_1, ((-251, 2), (-237, 2)), "08.577.01.05",
        "Salle de réunion de la commune de Kalâat M'Gouna",
    ),
    TrainingSpec(
        "marketing", COHORT_1, ((-206, 3), (-192, 3)), "07.351.01.13",
        "Espace associatif de Tassoultante",
    ),
    TrainingSpec(
        "women-leadership", COHORT_1, ((-150, 2), (-136, 2)), "08.401.07.07",
        "Foyer féminin de Skoura",
    ),
    TrainingSpec(
        "e-commerce", COHORT_1, ((-117, 3), (-103, 3)), "08.577.01.11",
        "Centre de qualification agricole de Tinghir",
    ),
    TrainingSpec(
        "governance", COHORT_2, ((-46, 2),), "08.401.01.07", "Complexe culturel de Ouarzazate"
    ),
    TrainingSpec("bookkeeping", COHORT_2, ((-25, 3),), "08.587.01.01", "Maison des jeunes d'Agdz"),
    # Postponed once (the road to Taznakht was cut by a flood), held a week later.
    TrainingSpec(
        "onssa", COHORT_2, ((-6, 1),), "08.401.01.09", "Siège de la coopérative de Taznakht",
        cancelled=(-13,),
    ),
    TrainingSpec(
        "marketing", COHORT_2, ((9, 2),), "08.577.01.03", "Dar Chabab de Boumalne-Dadès",
        status="planned",
    ),
    TrainingSpec(
        "women-leadership", COHORT_2, ((23, 1),), "08.587.01.13", "Maison des jeunes de Zagora",
        status="planned",
    ),
)  # fmt: skip

# Sectors whose products need an ONSSA authorization (the "food" audience).
FOOD_SECTORS = frozenset(
    {
        "saffron", "almonds", "honey", "couscous-cereals", "dates", "argan", "olive-oil",
        "roses-aromatic-plants",
    }
)  # fmt: skip
PRESENT, EXCUSED = 0.86, 0.08  # chances of each attendance mark; the rest: unexcused

# --- Coaching -------------------------------------------------------------------------

# Cohort-1 cooperatives without a coaching plan (training only).
NOT_COACHED = ("tourisme-tifawin", "henne-tinzouline", "miel-toudgha", "fakhar-saada")
# Plans closed when their cooperative graduated and needed no more visits.
CLOSED_PLANS = ("tapis-taznakht", "argan-tamount")

COACHING_OBJECTIVES = (
    "Consolider la gouvernance et la tenue des comptes, puis obtenir l'autorisation "
    "sanitaire et trouver deux acheteurs réguliers.",
    "Passer d'une vente au bord de la route à des ventes régulières en boutique et en "
    "ligne, avec des comptes tenus chaque mois.",
    "Remettre à jour les registres de la coopérative, préparer l'assemblée générale et "
    "lancer un produit emballé pour les touristes.",
)
GOALS = (
    "Tenir l'assemblée générale annuelle avec procès-verbal déposé",
    "Tenir le journal de caisse chaque mois sans retard",
    "Obtenir l'autorisation sanitaire ONSSA de l'atelier",
    "Signer un contrat avec un acheteur régulier",
    "Créer une page professionnelle et vendre en ligne",
    "Participer à une foire régionale ou nationale",
    "Calculer le prix de revient de chaque produit",
    "Renouveler l'emballage et l'étiquetage des produits",
)
VISIT_TOPICS = (
    ("Registres et procès-verbaux", "Les registres obligatoires sont à jour."),
    ("Journal de caisse", "Le trésorier tient le journal, quelques pièces manquent."),
    ("Prix de revient", "Calcul fait pour le produit principal, à étendre aux autres."),
    ("Dossier ONSSA", "Plan de l'atelier dessiné, analyses d'eau à faire."),
    ("Emballage et étiquettes", "Maquette d'étiquette bilingue validée par le bureau."),
    ("Acheteurs et commandes", "Premier échantillon envoyé à un acheteur de Casablanca."),
    ("Page professionnelle", "Photos des produits prises avec la présidente."),
    ("Préparation de l'assemblée générale", "Ordre du jour et convocations préparés."),
    ("Stock et production", "Inventaire du stock fait avec le magasinier."),
)
ACTIONS = (
    "Déposer le procès-verbal de l'assemblée générale à l'autorité locale",
    "Classer les factures du trimestre dans le classeur",
    "Demander trois devis pour les emballages",
    "Faire analyser l'eau de l'atelier",
    "Envoyer la liste des adhérents à jour à l'ODCO",
    "Photographier les nouveaux produits",
    "Relancer l'acheteur pour la commande d'essai",
    "Ouvrir un compte bancaire au nom de la coopérative",
    "Préparer le budget de la prochaine saison",
    "Compléter le dossier d'autorisation ONSSA",
    "Inscrire la coopérative à la foire régionale",
    "Calculer le prix de revient du nouveau produit",
)
VISIT_MODES = (("on_site", 6), ("phone", 2), ("video", 1))

# --- Events -------------------------------------------------------------------------

WORKSHOP_KEY = "event:workshop-ess-ouarzazate"
WORKSHOP = {
    "title_fr": "Atelier sur l'économie sociale et solidaire — Ouarzazate",
    "title_ar": "ورشة حول الاقتصاد الاجتماعي والتضامني — ورزازات",
    "title_en": "Workshop on the social and solidarity economy — Ouarzazate",
    "commune": "08.401.01.07",
    "venue": "Salle de conférences du Complexe culturel de Ouarzazate",
    "agenda": (
        "09:00 Accueil et ouverture\n"
        "09:30 L'économie sociale et solidaire dans le Drâa-Tafilalet\n"
        "10:30 Témoignages de coopératives et de GIE\n"
        "12:00 Ateliers : financement, labels, accès aux marchés\n"
        "14:30 Restitution et recommandations\n"
        "16:00 Clôture"
    ),
}
WORKSHOP_DAY = -91  # about three months ago
WORKSHOP_TIMES = (T(9, 0), T(16, 30))
# Cooperatives registered as organizations, and those who sent named people.
WORKSHOP_COOPERATIVES = (
    "safran-siroua", "tamghart-skoura", "amandes-amerzgane", "miel-iznaguen",
    "couscous-tidili", "dattes-nakhil", "poterie-tamegroute", "al-amal-mhamid",
    "ward-mgouna", "amandes-dades", "cereales-msemrir", "argan-tamount", "zaafrane-ighrem",
    "tissage-tagounite",
)  # fmt: skip
WORKSHOP_PEOPLE = ("tapis-taznakht", "tilila-aromatiques", "tourisme-tifawin")  # 2 each
WORKSHOP_SPEAKERS = ("gie-roses-mgoun", "tapis-taznakht")  # their presidents speak
WORKSHOP_GIES = ("gie-safran-siroua", "gie-dattes-draa", "gie-roses-mgoun")
WORKSHOP_INSTITUTIONS = ("institution-ordao", "funder-fms")
WORKSHOP_NO_SHOWS = ("cereales-msemrir", "tissage-tagounite")


@dataclass(frozen=True)
class OutcomeSpec:
    key: str
    text: str
    owner_name: str
    owner_organization: str  # OrganizationSpec.key
    due: int | None  # days from today
    status: str


WORKSHOP_OUTCOMES = (
    OutcomeSpec(
        "outcome:workshop:guide",
        "Diffuser un guide bilingue (arabe, français) de la loi 112-12 aux coopératives.",
        "Équipe formation", "ngo-tiwizi", -45, "done",
    ),
    OutcomeSpec(
        "outcome:workshop:desk",
        "Ouvrir une permanence mensuelle à Ouarzazate pour les dossiers ONSSA et ODCO.",
        "Service d'appui aux organisations", "institution-ordao", -20, "in_progress",
    ),
    OutcomeSpec(
        "outcome:workshop:buyers",
        "Organiser une rencontre entre les GIE et des acheteurs de Casablanca et Marrakech.",
        "Chargée de l'accès aux marchés", "ngo-tiwizi", 40, "in_progress",
    ),
    OutcomeSpec(
        "outcome:workshop:fair",
        "Tenir une foire régionale des produits des coopératives au printemps.",
        "Comité d'organisation", "ngo-tiwizi", 120, "open",
    ),
    OutcomeSpec(
        "outcome:workshop:mutual",
        "Étudier une mutuelle de santé commune aux coopératives féminines.",
        "", "institution-ordao", None, "dropped",
    ),
)  # fmt: skip

INFO_DAY_KEY = "event:info-day-zagora"
INFO_DAY = {
    "title_fr": "Journée d'information : labels, ONSSA et accès aux marchés — Zagora",
    "title_ar": "يوم إعلامي: العلامات والترخيص الصحي والولوج إلى الأسواق — زاكورة",
    "title_en": "Information day: labels, ONSSA and market access — Zagora",
    "commune": "08.587.01.13",
    "venue": "Maison des jeunes de Zagora",
    "agenda": (
        "09:30 Les labels (IGP, AOP, bio) et leurs démarches\n"
        "10:30 L'autorisation sanitaire ONSSA pas à pas\n"
        "11:30 Questions des coopératives\n"
        "12:30 Fin"
    ),
}
INFO_DAY_DAY = 19
INFO_DAY_TIMES = (T(9, 30), T(13, 0))
INFO_DAY_ORGANIZATIONS = (
    "dattes-nakhil", "al-amal-mhamid", "dattes-fezouata", "tissage-tagounite",
    "amandes-tazarine", "gie-dattes-draa",
)  # fmt: skip
