"""The indicator catalogue: reference data with stable codes (reports, targets and the
IATI export refer to them). Computed indicators name their computation in
tiwizi.impact.results.COMPUTATIONS, where each one is defined.

Names and descriptions are written here in the three languages, as data (not gettext):
they are content stored per language like every other multilingual field.
"""

from django.db import migrations

PEOPLE = "sex,age_group,province,cohort"
ORGANIZATIONS = "province,cohort"

# code, computation, unit, dimensions, counts people, public, (ar, fr, en), description (ar, fr, en)
CATALOGUE = [
    (
        "organizations_supported", "organizations_supported", "count", ORGANIZATIONS, False, True,
        ("التنظيمات المدعومة", "Organisations accompagnées", "Organizations supported"),
        (
            "التنظيمات المشاركة (مختارة أو نشطة أو متخرجة) في فوج تتقاطع تواريخه مع الفترة.",
            "Organisations participant (sélectionnées, actives ou diplômées) à une cohorte dont les dates recoupent la période.",
            "Organizations taking part (selected, active or graduated) in a cohort whose dates overlap the period.",
        ),
    ),
    (
        "people_trained", "people_trained", "count", PEOPLE, True, True,
        ("الأشخاص المكوَّنون", "Personnes formées", "People trained"),
        (
            "أشخاص مختلفون حضروا مرة واحدة على الأقل دورة تكوينية منعقدة خلال الفترة.",
            "Personnes distinctes présentes au moins une fois à une séance de formation tenue dans la période.",
            "Distinct people present at least once at a training session held in the period.",
        ),
    ),
    (
        "training_hours", "training_hours", "hours", PEOPLE, False, False,
        ("ساعات التكوين (شخص-ساعة)", "Heures de formation (personnes-heures)", "Training hours (person-hours)"),
        (
            "مجموع مدة كل دورة منعقدة مضروبة في عدد الحاضرين فيها.",
            "Somme, pour chaque présence, de la durée de la séance : 6 heures suivies par 10 personnes font 60.",
            "Sum, over every attendance marked present, of the session's duration: 6 hours attended by 10 people is 60.",
        ),
    ),
    (
        "attendance_rate", "attendance_rate", "percent", PEOPLE, False, False,
        ("نسبة الحضور", "Taux de présence", "Attendance rate"),
        (
            "الحضور المسجل كحاضر من بين كل الحضور المسجل في الدورات المنعقدة.",
            "Présences parmi toutes les présences et absences enregistrées aux séances tenues.",
            "Attendances marked present out of all recorded attendances at held sessions.",
        ),
    ),
    (
        "women_share_trained", "women_share_trained", "percent", "age_group,province,cohort", False, True,
        ("نسبة النساء من بين المكوَّنين", "Part des femmes parmi les personnes formées", "Share of women among people trained"),
        ("", "", ""),
    ),
    (
        "coaching_visits", "coaching_visits", "count", ORGANIZATIONS, False, False,
        ("زيارات المواكبة", "Visites d'accompagnement", "Coaching visits"),
        (
            "زيارات المواكبة (ميدانية أو عن بعد) للتنظيمات خلال الفترة.",
            "Visites d'accompagnement (sur place ou à distance) aux organisations dans la période.",
            "Coaching visits (on site or at a distance) to the organizations in the period.",
        ),
    ),
    (
        "capacity_score_change", "capacity_score_change", "score", ORGANIZATIONS, False, False,
        ("متوسط تطور نقطة القدرات", "Évolution moyenne du score de capacités", "Average capacity score change"),
        (
            "متوسط الفرق بين النقطة الإجمالية لآخر تقييم والتقييم الأولي (من 100).",
            "Moyenne, par organisation, du score global de la dernière évaluation moins celui de l'évaluation initiale (sur 100).",
            "Mean, per organization, of the latest assessment's overall score minus the baseline's (out of 100).",
        ),
    ),
    (
        "revenue", "revenue", "mad", ORGANIZATIONS, False, True,
        ("رقم المعاملات", "Chiffre d'affaires", "Revenue"),
        (
            "مجموع المبيعات المسجلة في سجل المبيعات خلال الفترة.",
            "Somme des ventes enregistrées dans le registre des ventes sur la période.",
            "Sum of the sales recorded in the sales ledger in the period.",
        ),
    ),
    (
        "sales_local", "sales_local", "mad", ORGANIZATIONS, False, False,
        ("المبيعات المحلية", "Ventes locales", "Local sales"),
        ("", "", ""),
    ),
    (
        "sales_national", "sales_national", "mad", ORGANIZATIONS, False, False,
        ("المبيعات الوطنية", "Ventes nationales", "National sales"),
        ("", "", ""),
    ),
    (
        "sales_export", "sales_export", "mad", ORGANIZATIONS, False, True,
        ("مبيعات التصدير", "Ventes à l'export", "Export sales"),
        ("", "", ""),
    ),
    (
        "jobs", "jobs", "count", PEOPLE, True, True,
        ("مناصب الشغل", "Emplois", "Jobs"),
        (
            "مناصب الشغل الدائمة والموسمية في آخر تقرير دوري لكل تنظيم خلال الفترة.",
            "Emplois permanents et saisonniers du dernier rapport périodique de chaque organisation dans la période.",
            "Permanent and seasonal jobs in each organization's latest periodic report of the period.",
        ),
    ),
    (
        "jobs_created", "jobs_created", "count", ORGANIZATIONS, True, True,
        ("مناصب الشغل المحدثة منذ البداية", "Emplois créés depuis la situation de référence", "Jobs created since baseline"),
        (
            "مناصب الشغل في آخر تقرير ناقص مناصب الشغل في أول تقرير لكل تنظيم.",
            "Emplois du dernier rapport de la période moins ceux du premier rapport de chaque organisation.",
            "Jobs in each organization's latest report of the period minus those in its first report.",
        ),
    ),
    (
        "members", "members", "count", PEOPLE, True, False,
        ("الأعضاء", "Membres", "Members"),
        (
            "الأعضاء (نساء ورجال) في آخر تقرير دوري لكل تنظيم خلال الفترة.",
            "Membres (femmes et hommes) du dernier rapport périodique de chaque organisation dans la période.",
            "Members (women and men) in each organization's latest periodic report of the period.",
        ),
    ),
    (
        "women_share_members", "women_share_members", "percent", ORGANIZATIONS, False, True,
        ("نسبة النساء من بين الأعضاء", "Part des femmes parmi les membres", "Share of women among members"),
        ("", "", ""),
    ),
    (
        "market_agreements", "", "count", "province", False, False,
        ("اتفاقيات التسويق الجديدة الموقعة", "Nouveaux accords commerciaux signés", "New market agreements signed"),
        (
            "اتفاقيات مع مشترين أو موزعين، يدخلها مسير البرنامج.",
            "Accords avec des acheteurs ou distributeurs, saisis par le chargé de programme.",
            "Agreements with buyers or distributors, entered by the program manager.",
        ),
    ),
    (
        "financing_obtained", "", "mad", "", False, False,
        ("التمويلات المحصل عليها", "Financements obtenus", "Financing obtained"),
        (
            "قروض ومنح حصلت عليها التنظيمات بفضل البرنامج، يدخلها مسير البرنامج.",
            "Prêts et subventions obtenus par les organisations grâce au programme, saisis par le chargé de programme.",
            "Loans and grants the organizations obtained thanks to the program, entered by the program manager.",
        ),
    ),
]  # fmt: skip


def load(apps, schema_editor):
    Indicator = apps.get_model("impact", "Indicator")
    for position, row in enumerate(CATALOGUE, start=1):
        code, computation, unit, dimensions, people, public, names, descriptions = row
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "computation": computation,
                "source": "computed" if computation else "manual",
                "unit": unit,
                "dimensions": dimensions,
                "counts_people": people,
                "is_public": public,
                "position": position * 10,
                "name_ar": names[0],
                "name_fr": names[1],
                "name_en": names[2],
                "description_ar": descriptions[0],
                "description_fr": descriptions[1],
                "description_en": descriptions[2],
            },
        )


def unload(apps, schema_editor):
    Indicator = apps.get_model("impact", "Indicator")
    Indicator.objects.filter(code__in=[row[0] for row in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("impact", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
