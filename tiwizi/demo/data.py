"""The demo data set: a support programme in Drâa-Tafilalet and around Marrakech.

Everything here is fictional. Organization names are made up from place names and
common words; people's names are random pairings of common Moroccan first and last
names (no public figure's name is used on purpose). Places are real: each organization
sits in a real commune, given by its official HCP code (see tiwizi/geo/data/).

`build_dataset()` turns the hand-written organizations below into members, drawn from
`random.Random(SEED)`, so the same data comes out on every machine and every run.
"""

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

SEED = 2026
PASSWORD = "tiwizi-demo-2026"  # printed by `load_demo`; every demo login uses it

D = datetime.date

OUARZAZATE, ZAGORA, TINGHIR, MARRAKECH = "08.401", "08.587", "08.577", "07.351"
PROVINCES = (OUARZAZATE, ZAGORA, TINGHIR, MARRAKECH)

COURTS = {
    OUARZAZATE: "Tribunal de première instance de Ouarzazate",
    ZAGORA: "Tribunal de première instance de Zagora",
    TINGHIR: "Tribunal de première instance de Tinghir",
    MARRAKECH: "Tribunal de première instance de Marrakech",
}
# Letters of the fictional national ID (CIN) numbers given to members, by province.
CIN_PREFIXES = {OUARZAZATE: "JB", ZAGORA: "JZ", TINGHIR: "JT", MARRAKECH: "EE"}


@dataclass(frozen=True)
class OrganizationSpec:
    key: str  # stable demo key, also used in the people's keys
    kind: str
    name_fr: str
    name_ar: str
    commune: str  # HCP code of a real commune
    sectors: tuple[str, ...] = ()
    creation_date: datetime.date | None = None
    odco_number: str = ""
    local_register_number: str = ""
    rc_number: str = ""
    ice: str = ""
    capital_mad: int | None = None
    phone: str = ""
    email: str = ""
    website: str = ""
    address: str = ""
    status: str = "active"
    description: str = ""
    # Members drawn for a cooperative or GIE: share of women (0 to 1)
    women: float = 0.0
    # GIEs: the cooperatives whose presidents sit on the GIE's board
    member_cooperatives: tuple[str, ...] = ()

    @property
    def province(self) -> str:
        return self.commune[:6]

    @property
    def court(self) -> str:
        return COURTS[self.province] if self.odco_number or self.rc_number else ""


# --- Partners: the implementing NGO, a funder, a public institution, a buyer ---------

NGO = OrganizationSpec(
    key="ngo-tiwizi",
    kind="ngo",
    name_fr="Association Tiwizi pour l'Entrepreneuriat Solidaire",
    name_ar="جمعية تويزة للمقاولة التضامنية",
    commune="08.401.01.07",  # Ouarzazate
    creation_date=D(2014, 1, 20),
    phone="+212524882190",
    email="contact@tiwizi.ma",
    address="Avenue Mohammed V, Ouarzazate",
    description=(
        "Accompagne les coopératives et GIE du Drâa-Tafilalet et de Marrakech : formation, "
        "coaching, accès au marché et suivi d'impact."
    ),
)
FUNDER = OrganizationSpec(
    key="funder-fms",
    kind="company",
    name_fr="Fondation Minière du Sud — Département RSE",
    name_ar="مؤسسة معادن الجنوب — قسم المسؤولية الاجتماعية",
    commune="07.351.01.0",  # Marrakech
    ice="002045871000093",
    phone="+212524438810",
    email="rse@fondation-miniere-sud.example",
    description="Finance le programme d'appui aux coopératives des provinces minières du Sud.",
)
INSTITUTION = OrganizationSpec(
    key="institution-ordao",
    kind="institution",
    name_fr="Office Régional de Développement Agricole de Ouarzazate",
    name_ar="المكتب الجهوي للتنمية الفلاحية بورزازات",
    commune="08.401.01.07",
    phone="+212524882545",
    email="contact@ordao.example",
    description="Établissement public régional (fictif) : encadrement technique des filières.",
)
BUYER = OrganizationSpec(
    key="buyer-atlas",
    kind="buyer",
    name_fr="Épicerie Fine Atlas, Casablanca",
    name_ar="بقالة أطلس الراقية، الدار البيضاء",
    commune="06.141.01.0",  # Casablanca
    ice="003187264000015",
    phone="+212522478130",
    email="achats@epicerie-atlas.example",
    address="Boulevard d'Anfa, Casablanca",
    description="Épicerie fine : safran, huiles, dattes et miel de terroir.",
)
PARTNERS = (NGO, FUNDER, INSTITUTION, BUYER)


def _cooperative(
    key: str, name_fr: str, name_ar: str, commune: str, **extra: Any
) -> OrganizationSpec:
    return OrganizationSpec(
        key=key, kind="cooperative", name_fr=name_fr, name_ar=name_ar, commune=commune, **extra
    )


# --- Cooperatives (law 112-12), by province -------------------------------------------
# The first saffron cooperative is the one whose manager gets the cooperative login.

COOPERATIVES = (
    # Ouarzazate
    _cooperative(
        "safran-siroua",
        "Coopérative Safran Siroua",
        "تعاونية زعفران سيروا",
        "08.401.03.13",
        sectors=("saffron",),
        creation_date=D(2012, 3, 14),
        odco_number="ODCO-08401-2012-0018",
        local_register_number="18/2012",
        ice="001523698000042",
        capital_mad=40_000,
        phone="+212524890317",
        women=0.3,
        description="Culture, séchage et conditionnement de safran du massif du Siroua.",
    ),
    _cooperative(
        "tapis-taznakht",
        "Coopérative Féminine Taznakht des Tapis",
        "التعاونية النسوية تازناخت للزرابي",
        "08.401.01.09",
        sectors=("carpets-weaving",),
        creation_date=D(2009, 6, 2),
        odco_number="ODCO-08401-2009-0007",
        local_register_number="7/2009",
        ice="001298874000071",
        capital_mad=25_000,
        phone="+212524890544",
        women=1.0,
        description="Tapis noués et tissés à la main, laine filée et teinte sur place.",
    ),
    _cooperative(
        "tamghart-skoura",
        "Coopérative Tamghart Skoura",
        "تعاونية تامغارت سكورة",
        "08.401.07.07",
        sectors=("roses-aromatic-plants", "almonds"),
        creation_date=D(2016, 10, 20),
        odco_number="ODCO-08401-2016-0064",
        local_register_number="64/2016",
        capital_mad=15_000,
        phone="+212661482203",
        women=0.4,
        description="Eau de rose, roses séchées et amandes de l'oasis de Skoura.",
    ),
    _cooperative(
        "amandes-amerzgane",
        "Coopérative Agricole Amerzgane des Amandes",
        "",
        "08.401.03.03",
        sectors=("almonds",),
        creation_date=D(2018, 2, 7),
        odco_number="ODCO-08401-2018-0091",
        local_register_number="91/2018",
        capital_mad=30_000,
        phone="+212670315842",
        women=0.05,
    ),
    _cooperative(
        "miel-iznaguen",
        "Coopérative Apicole Asif Iznaguen",
        "تعاونية أسيف ازناكن لتربية النحل",
        "08.401.03.05",
        sectors=("honey",),
        creation_date=D(2015, 5, 12),
        odco_number="ODCO-08401-2015-0049",
        local_register_number="49/2015",
        capital_mad=20_000,
        phone="+212662907311",
        women=0.1,
    ),
    _cooperative(
        "couscous-tidili",
        "Coopérative Féminine Tidili du Couscous",
        "التعاونية النسوية تيدلي للكسكس",
        "08.401.03.17",
        sectors=("couscous-cereals",),
        creation_date=D(2019, 9, 3),
        odco_number="ODCO-08401-2019-0112",
        local_register_number="112/2019",
        capital_mad=10_000,
        phone="+212654120987",
        women=1.0,
        description="Couscous roulé à la main à l'orge et au blé dur.",
    ),
    _cooperative(
        "zaafrane-ighrem",
        "",
        "تعاونية إغرم نوكدال للزعفران",
        "08.401.03.07",
        sectors=("saffron",),
        creation_date=D(2020, 1, 22),
        odco_number="ODCO-08401-2020-0007",
        local_register_number="7/2020",
        capital_mad=12_000,
        phone="+212668230451",
        women=0.2,
    ),
    _cooperative(
        "tourisme-tifawin",
        "Coopérative Tifawin de Tourisme Solidaire",
        "تعاونية تيفاوين للسياحة التضامنية",
        "08.401.01.07",
        sectors=("tourism", "services"),
        creation_date=D(2021, 4, 15),
        odco_number="ODCO-08401-2021-0038",
        local_register_number="38/2021",
        ice="002611470000058",
        capital_mad=50_000,
        phone="+212524884406",
        women=0.25,
        description="Circuits accompagnés, hébergement chez l'habitant et restauration.",
    ),
    # Zagora
    _cooperative(
        "dattes-nakhil",
        "Coopérative Nakhil Zagora",
        "تعاونية نخيل زاكورة",
        "08.587.01.13",
        sectors=("dates",),
        creation_date=D(2010, 11, 8),
        odco_number="ODCO-08587-2010-0012",
        local_register_number="12/2010",
        ice="001107352000026",
        capital_mad=60_000,
        phone="+212524847215",
        women=0.05,
        description="Tri, conditionnement et stockage frigorifique des dattes Mejhoul et Bouskri.",
    ),
    _cooperative(
        "poterie-tamegroute",
        "Coopérative de Poterie de Tamegroute",
        "تعاونية تامكروت للفخار",
        "08.587.09.35",
        sectors=("pottery",),
        creation_date=D(2013, 3, 19),
        odco_number="ODCO-08587-2013-0027",
        local_register_number="27/2013",
        ice="001386205000063",
        capital_mad=35_000,
        phone="+212524848132",
        women=0.1,
        description="Poterie à glaçure verte cuite au four à bois.",
    ),
    _cooperative(
        "al-amal-mhamid",
        "Coopérative Féminine Al Amal",
        "التعاونية النسوية الأمل",
        "08.587.09.23",
        sectors=("dates", "couscous-cereals"),
        creation_date=D(2017, 4, 4),
        odco_number="ODCO-08587-2017-0061",
        local_register_number="61/2017",
        capital_mad=8_000,
        phone="+212671094526",
        women=1.0,
        description="Pâte de dattes, couscous aux dattes et biscuits de la palmeraie.",
    ),
    _cooperative(
        "henne-tinzouline",
        "Coopérative Tinzouline du Henné",
        "تعاونية تنزولين للحناء",
        "08.587.07.45",
        sectors=("henna",),
        creation_date=D(2017, 7, 11),
        odco_number="ODCO-08587-2017-0074",
        local_register_number="74/2017",
        capital_mad=18_000,
        phone="+212663518720",
        women=0.3,
    ),
    _cooperative(
        "dattes-fezouata",
        "Coopérative Fezouata des Dattes",
        "تعاونية فزواطة للتمور",
        "08.587.09.17",
        sectors=("dates",),
        creation_date=D(2014, 12, 1),
        odco_number="ODCO-08587-2014-0044",
        local_register_number="44/2014",
        ice="001902336000081",
        capital_mad=45_000,
        phone="+212524846620",
        women=0.1,
    ),
    _cooperative(
        "tighremt-agdz",
        "Coopérative Tighremt Agdz",
        "تعاونية تيغرمت أكدز",
        "08.587.01.01",
        sectors=("dates", "henna"),
        creation_date=D(2011, 5, 30),
        odco_number="ODCO-08587-2011-0019",
        local_register_number="19/2011",
        capital_mad=22_000,
        phone="+212524843097",
        women=0.15,
    ),
    _cooperative(
        "tissage-tagounite",
        "Coopérative Féminine Tagounite du Tissage",
        "التعاونية النسوية تاكونيت للنسيج",
        "08.587.09.33",
        sectors=("carpets-weaving",),
        creation_date=D(2015, 2, 16),
        odco_number="ODCO-08587-2015-0008",
        local_register_number="8/2015",
        capital_mad=6_000,
        phone="+212650877314",
        women=1.0,
        status="dormant",
    ),
    _cooperative(
        "amandes-tazarine",
        "",
        "تعاونية تازارين للوز والعسل",
        "08.587.11.41",
        sectors=("almonds", "honey"),
        creation_date=D(2018, 10, 25),
        odco_number="ODCO-08587-2018-0102",
        local_register_number="102/2018",
        capital_mad=14_000,
        phone="+212672640185",
        women=0.1,
    ),
    # Tinghir
    _cooperative(
        "ward-mgouna",
        "Coopérative Ward M'Gouna",
        "تعاونية ورد مكونة",
        "08.577.01.05",
        sectors=("roses-aromatic-plants",),
        creation_date=D(2010, 5, 13),
        odco_number="ODCO-08577-2010-0005",
        local_register_number="5/2010",
        ice="001054489000037",
        capital_mad=80_000,
        phone="+212524836214",
        women=0.25,
        description="Distillation d'eau de rose et d'huile essentielle de rose de Damas.",
    ),
    _cooperative(
        "tilila-aromatiques",
        "Coopérative Féminine Tilila des Plantes Aromatiques",
        "التعاونية النسوية تيليلا للنباتات العطرية",
        "08.577.09.11",
        sectors=("roses-aromatic-plants",),
        creation_date=D(2016, 3, 8),
        odco_number="ODCO-08577-2016-0033",
        local_register_number="33/2016",
        capital_mad=12_000,
        phone="+212661930458",
        women=1.0,
    ),
    _cooperative(
        "amandes-dades",
        "Coopérative Amandes du Dadès",
        "تعاونية لوز دادس",
        "08.577.01.03",
        sectors=("almonds",),
        creation_date=D(2012, 9, 17),
        odco_number="ODCO-08577-2012-0021",
        local_register_number="21/2012",
        ice="001471920000049",
        capital_mad=38_000,
        phone="+212524830781",
        women=0.1,
    ),
    _cooperative(
        "miel-toudgha",
        "Coopérative Apicole Toudgha",
        "تعاونية تودغى لتربية النحل",
        "08.577.07.31",
        sectors=("honey",),
        creation_date=D(2014, 6, 23),
        odco_number="ODCO-08577-2014-0040",
        local_register_number="40/2014",
        capital_mad=16_000,
        phone="+212668155093",
        women=0.1,
    ),
    _cooperative(
        "tissage-ait-atta",
        "Coopérative de Tissage Aït Atta",
        "",
        "08.577.07.27",
        sectors=("carpets-weaving",),
        creation_date=D(2013, 11, 5),
        odco_number="ODCO-08577-2013-0052",
        local_register_number="52/2013",
        capital_mad=5_000,
        phone="+212655208716",
        women=0.3,
        status="dormant",
    ),
    _cooperative(
        "cereales-msemrir",
        "",
        "التعاونية الفلاحية امسمرير",
        "08.577.05.21",
        sectors=("couscous-cereals", "honey"),
        creation_date=D(2019, 5, 14),
        odco_number="ODCO-08577-2019-0069",
        local_register_number="69/2019",
        capital_mad=20_000,
        phone="+212670482239",
        women=0.05,
    ),
    _cooperative(
        "dattes-alnif",
        "Coopérative Alnif des Dattes",
        "تعاونية النيف للتمور",
        "08.577.02.05",
        sectors=("dates",),
        creation_date=D(2020, 8, 31),
        odco_number="ODCO-08577-2020-0047",
        local_register_number="47/2020",
        capital_mad=25_000,
        phone="+212661773042",
        women=0.1,
    ),
    # Marrakech
    _cooperative(
        "argan-tamount",
        "Coopérative Féminine Argan Tamount",
        "التعاونية النسوية أركان تامونت",
        "07.351.05.03",
        sectors=("argan",),
        creation_date=D(2011, 2, 9),
        odco_number="ODCO-07351-2011-0034",
        local_register_number="34/2011",
        ice="001228563000012",
        capital_mad=30_000,
        phone="+212524380915",
        women=1.0,
        description="Huile d'argan alimentaire et cosmétique, amlou.",
    ),
    _cooperative(
        "fakhar-saada",
        "Coopérative Fakhar Saâda",
        "تعاونية فخار السعادة",
        "07.351.07.07",
        sectors=("pottery",),
        creation_date=D(2015, 10, 12),
        odco_number="ODCO-07351-2015-0118",
        local_register_number="118/2015",
        ice="001744208000075",
        capital_mad=42_000,
        phone="+212524359042",
        women=0.1,
    ),
    _cooperative(
        "nour-tassoultante",
        "Coopérative Nour Tassoultante",
        "تعاونية نور تسلطانت",
        "07.351.01.13",
        sectors=("couscous-cereals", "services"),
        creation_date=D(2018, 12, 3),
        odco_number="ODCO-07351-2018-0207",
        local_register_number="207/2018",
        capital_mad=10_000,
        phone="+212664290378",
        women=0.4,
        description="Traiteur, pains et couscous pour les événements et les entreprises.",
    ),
    _cooperative(
        "zitoun-loudaya",
        "Coopérative Zitoun Loudaya",
        "تعاونية زيتون الاوداية",
        "07.351.05.05",
        sectors=("olive-oil",),
        creation_date=D(2016, 1, 26),
        odco_number="ODCO-07351-2016-0022",
        local_register_number="22/2016",
        ice="002310985000064",
        capital_mad=55_000,
        phone="+212524329617",
        women=0.1,
    ),
)

# --- Economic interest groups (GIE, law 13-97), registered in the commercial register --

GIES = (
    OrganizationSpec(
        key="gie-safran-siroua",
        kind="gie",
        name_fr="GIE Safran du Siroua",
        name_ar="المجموعة ذات النفع الاقتصادي زعفران سيروا",
        commune="08.401.01.09",
        sectors=("saffron",),
        creation_date=D(2019, 4, 10),
        rc_number="1287",
        ice="002277314000088",
        phone="+212524890871",
        women=0.2,
        member_cooperatives=("safran-siroua", "zaafrane-ighrem"),
        description="Commercialisation groupée du safran de ses coopératives membres.",
    ),
    OrganizationSpec(
        key="gie-dattes-draa",
        kind="gie",
        name_fr="GIE Dattes du Drâa",
        name_ar="المجموعة ذات النفع الاقتصادي تمور درعة",
        commune="08.587.01.13",
        sectors=("dates",),
        creation_date=D(2018, 9, 18),
        rc_number="864",
        phone="+212524847788",
        women=0.1,
        member_cooperatives=("dattes-nakhil", "al-amal-mhamid", "dattes-fezouata", "tighremt-agdz"),
    ),
    OrganizationSpec(
        key="gie-roses-mgoun",
        kind="gie",
        name_fr="GIE Roses du M'Goun",
        name_ar="المجموعة ذات النفع الاقتصادي ورود مكون",
        commune="08.577.01.05",
        sectors=("roses-aromatic-plants",),
        creation_date=D(2017, 5, 2),
        rc_number="512",
        phone="+212524836950",
        women=0.3,
        member_cooperatives=("ward-mgouna", "tilila-aromatiques"),
    ),
)

ORGANIZATIONS = PARTNERS + COOPERATIVES + GIES


# --- Logins: one per role, all with PASSWORD ------------------------------------------


@dataclass(frozen=True)
class LoginSpec:
    email: str
    role: str
    organization: str  # OrganizationSpec.key
    full_name: str = ""  # "" : the president of `organization`
    is_staff: bool = False
    is_superuser: bool = False


LOGINS = (
    LoginSpec(
        "admin@tiwizi.ma",
        "platform_admin",
        NGO.key,
        "Nadia Amalou",
        is_staff=True,
        is_superuser=True,
    ),
    LoginSpec("manager@tiwizi.ma", "program_manager", NGO.key, "Hanane Ait Addi"),
    LoginSpec("trainer@tiwizi.ma", "trainer", NGO.key, "Youssef Agouram"),
    LoginSpec("cooperative@tiwizi.ma", "cooperative_manager", COOPERATIVES[0].key),
    LoginSpec("funder@tiwizi.ma", "funder", FUNDER.key, "Omar Ikhlef"),
    LoginSpec("buyer@tiwizi.ma", "buyer", BUYER.key, "Salma Outaleb"),
)


# --- Names members are drawn from: (Latin script, Arabic script) ----------------------

WOMEN_FIRST_NAMES = (
    ("Fatima", "فاطمة"),
    ("Khadija", "خديجة"),
    ("Aicha", "عائشة"),
    ("Zahra", "زهرة"),
    ("Malika", "مليكة"),
    ("Naima", "نعيمة"),
    ("Hafida", "حفيظة"),
    ("Rachida", "رشيدة"),
    ("Saida", "سعيدة"),
    ("Fadma", "فاضمة"),
    ("Itto", "إطو"),
    ("Touda", "تودة"),
    ("Mina", "مينة"),
    ("Hanane", "حنان"),
    ("Samira", "سميرة"),
    ("Latifa", "لطيفة"),
    ("Nadia", "نادية"),
    ("Yamna", "يامنة"),
    ("Kenza", "كنزة"),
    ("Salma", "سلمى"),
    ("Meryem", "مريم"),
    ("Hasna", "حسناء"),
    ("Zineb", "زينب"),
    ("Ikram", "إكرام"),
    ("Siham", "سهام"),
    ("Oumaima", "أميمة"),
    ("Khaddouj", "خدوج"),
    ("Rkia", "رقية"),
)
MEN_FIRST_NAMES = (
    ("Mohamed", "محمد"),
    ("Ahmed", "أحمد"),
    ("Lahcen", "لحسن"),
    ("Brahim", "ابراهيم"),
    ("Hassan", "حسن"),
    ("Mustapha", "مصطفى"),
    ("Abdellah", "عبد الله"),
    ("Omar", "عمر"),
    ("Youssef", "يوسف"),
    ("Said", "سعيد"),
    ("Ali", "علي"),
    ("Hamid", "حميد"),
    ("Driss", "إدريس"),
    ("Lhoussaine", "الحسين"),
    ("Moha", "موحا"),
    ("Rachid", "رشيد"),
    ("Khalid", "خالد"),
    ("Ayoub", "أيوب"),
    ("Hamza", "حمزة"),
    ("Yassine", "ياسين"),
    ("Soufiane", "سفيان"),
    ("Mbarek", "مبارك"),
    ("Addi", "عدي"),
    ("Bassou", "باسو"),
    ("Jamal", "جمال"),
    ("Hicham", "هشام"),
    ("Zaid", "زايد"),
    ("Larbi", "العربي"),
)
LAST_NAMES = (
    ("Ouhammou", "أوحمو"),
    ("Oulhaj", "أولحاج"),
    ("Amzil", "أمزيل"),
    ("Oubella", "أوبلا"),
    ("Ait Lahcen", "آيت لحسن"),
    ("Ouchen", "أوشن"),
    ("Id Brahim", "إد براهيم"),
    ("Akhiat", "أخيات"),
    ("Oukhouya", "أوخويا"),
    ("Ouaziz", "أوعزيز"),
    ("Bahou", "باهو"),
    ("Ait Hammou", "آيت حمو"),
    ("Oubrahim", "أوبراهيم"),
    ("Id Ali", "إد علي"),
    ("Ait Ouamar", "آيت وعمر"),
    ("Boulahcen", "بولحسن"),
    ("Ait Addi", "آيت عدي"),
    ("Ikhlef", "إخلف"),
    ("Ait Bella", "آيت بلا"),
    ("Amalou", "أمالو"),
    ("Ait Moussa", "آيت موسى"),
    ("Ouakrim", "أوكريم"),
    ("Ait Ali", "آيت علي"),
    ("Agouram", "أكورام"),
    ("Outaleb", "أوطالب"),
    ("Ait Baddou", "آيت بدو"),
)

# Board roles by position in the member list; everyone after them is a member.
BOARD = ("president", "treasurer", "secretary", "vice_president", "board_member")
YOUTH_SHARE = 0.3  # about this share of members born 1993-2005 (under 35 in 2026)
CONSENT_SCOPES, CONSENT_WEIGHTS = ("program", "statistics", "contact"), (3, 5, 2)


@dataclass(frozen=True)
class PersonSpec:
    key: str
    sex: str
    first_name_latin: str
    last_name_latin: str
    first_name_ar: str
    last_name_ar: str
    birth_year: int
    phone: str = ""
    national_id: str = ""
    consent_date: datetime.date | None = None
    consent_scope: str = ""


@dataclass(frozen=True)
class MembershipSpec:
    person: str  # PersonSpec.key
    organization: str  # OrganizationSpec.key
    role: str
    since: datetime.date


@dataclass
class Dataset:
    organizations: tuple[OrganizationSpec, ...] = ORGANIZATIONS
    people: list[PersonSpec] = field(default_factory=list)
    memberships: list[MembershipSpec] = field(default_factory=list)
    logins: tuple[LoginSpec, ...] = LOGINS

    def president_of(self, organization: str) -> PersonSpec:
        key = next(
            m.person
            for m in self.memberships
            if m.organization == organization and m.role == "president"
        )
        return next(p for p in self.people if p.key == key)


def _random_date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max((end - start).days, 0)))


class _Drawer:
    """Draws people: names, birth years, IDs and consent, never the same CIN twice."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.national_ids: set[str] = set()

    def person(self, key: str, women_share: float, province: str, taken: set[str]) -> PersonSpec:
        rng = self.rng
        sex = "female" if rng.random() < women_share else "male"
        first_names = WOMEN_FIRST_NAMES if sex == "female" else MEN_FIRST_NAMES
        while True:  # no two members of one organization share a full name
            first, last = rng.choice(first_names), rng.choice(LAST_NAMES)
            if f"{first[0]} {last[0]}" not in taken:
                taken.add(f"{first[0]} {last[0]}")
                break
        youth = rng.random() < YOUTH_SHARE
        birth_year = rng.randint(1993, 2005) if youth else rng.randint(1956, 1990)
        arabic_only = rng.random() < 0.06  # registered from an Arabic-only document
        phone = ""
        if rng.random() < 0.6:
            phone = f"+212{rng.choice('67')}{rng.randint(0, 99_999_999):08d}"
        national_id = ""
        if rng.random() < 0.45:
            while not national_id or national_id in self.national_ids:
                national_id = f"{CIN_PREFIXES[province]}{rng.randint(10_000, 999_999)}"
            self.national_ids.add(national_id)
        consent_date, consent_scope = None, ""
        if rng.random() < 0.9:
            consent_date = _random_date(rng, D(2024, 9, 1), D(2026, 6, 30))
            consent_scope = rng.choices(CONSENT_SCOPES, CONSENT_WEIGHTS)[0]
        return PersonSpec(
            key=key,
            sex=sex,
            first_name_latin="" if arabic_only else first[0],
            last_name_latin="" if arabic_only else last[0],
            first_name_ar=first[1],
            last_name_ar=last[1],
            birth_year=birth_year,
            phone=phone,
            national_id=national_id,
            consent_date=consent_date,
            consent_scope=consent_scope,
        )


def build_dataset(seed: int = SEED) -> Dataset:
    """Members of every cooperative and GIE, the same for the same seed."""
    rng = random.Random(seed)
    drawer = _Drawer(rng)
    data = Dataset()
    presidents: dict[str, str] = {}
    for org in COOPERATIVES + GIES:
        taken: set[str] = set()
        members: list[tuple[str, str]] = []  # (person key, role)
        # A GIE's board is made of its member cooperatives' presidents.
        for i, cooperative in enumerate(org.member_cooperatives):
            members.append((presidents[cooperative], "president" if i == 0 else "board_member"))
        size = rng.randint(6, 15) if org.kind == "cooperative" else rng.randint(6, 9)
        assert org.creation_date is not None
        # Small boards for small organizations: 3 officers, up to 5 from 10 members on.
        held = {role for _key, role in members}
        board = [r for r in BOARD[: max(3, min(len(BOARD), size // 2))] if r not in held]
        for i in range(len(members), size):
            person = drawer.person(f"person:{org.key}:{i + 1:02d}", org.women, org.province, taken)
            data.people.append(person)
            members.append((person.key, board.pop(0) if board else "member"))
        founders = max(3, round(size * 0.6))
        for i, (person_key, role) in enumerate(members):
            since = org.creation_date
            if i >= founders:
                since = _random_date(rng, org.creation_date, D(2025, 12, 31))
            data.memberships.append(MembershipSpec(person_key, org.key, role, since))
            if role == "president":
                presidents[org.key] = person_key
    return data
