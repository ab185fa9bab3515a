"""Sensible starting keywords for lead suggestions; administrators edit them in the admin."""

from django.db import migrations

DEFAULTS = {
    "公安局": ["公安", "治安", "警务", "反诈", "电信网络诈骗", "道路交通安全"],
    "政法委": ["政法", "平安建设", "平安", "社会治理", "矛盾纠纷"],
    "信访局": ["信访"],
    "发改局": ["项目", "投资", "营商环境", "要素保障", "发展改革"],
    "经信局": ["工业", "技改", "制造业", "数字经济", "规上企业", "五金产业"],
    "科技局": ["科技", "创新", "研发", "高新技术"],
    "商务局": ["消费", "外贸", "出口", "商贸", "电商", "以旧换新"],
    "投促中心": ["招商", "招引"],
    "财政局": ["财政", "预算", "专项债"],
    "税务局": ["税收"],
    "统计局": ["统计", "数据监测"],
    "自然资源局": ["土地", "用地", "国土空间", "地质灾害"],
    "住建局": ["住房", "城建", "房地产", "燃气", "污水", "老旧小区"],
    "交通运输局": ["交通", "公路", "物流"],
    "应急管理局": ["安全生产", "应急", "危化品", "隐患排查", "事故隐患"],
    "水利局": ["水利", "水库", "山塘", "防汛", "堤防"],
    "生态环境局": ["生态环境", "环保", "污染", "督察整改"],
    "农业农村局": ["农业", "农村", "乡村振兴", "粮食", "千万工程", "强村富民"],
    "教育局": ["教育", "学校"],
    "卫健局": ["卫生", "医疗", "健康"],
    "人力社保局": ["就业", "社保", "人才"],
    "民政局": ["民政", "养老", "困难群众"],
    "市场监管局": ["市场监管", "食品安全", "特种设备"],
    "文广旅体局": ["文旅", "旅游", "文化", "体育"],
    "金融办": ["金融", "融资", "上市"],
    "消防救援大队": ["消防"],
    "纪委监委": ["党纪", "纪律教育", "廉政"],
}


def add_defaults(apps, schema_editor):
    LeadKeyword = apps.get_model("meetings", "LeadKeyword")
    existing = set(LeadKeyword.objects.values_list("keyword", flat=True))
    LeadKeyword.objects.bulk_create(
        LeadKeyword(keyword=word, department_name=department)
        for department, words in DEFAULTS.items()
        for word in words
        if word not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
