"""Regenerate sample_corpus/: the fictional 示范县 documents the app ingests on first start.

Every text lives in this file, written in a small markup:
  ``= 标题`` a title, ``# …`` / ``## …`` Word heading 1 / 2, ``| a | b |`` a table row
  (the first row of a run is the header), any other line a paragraph.
A .txt gets the lines without markup; a .pdf is the .docx converted by LibreOffice.

Run: python scripts/make_sample_corpus.py
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

OUT = Path(__file__).resolve().parent.parent / "sample_corpus"
# Kept out of the corpus folder, so that ingesting the folder finds documents only.
QUESTIONS_FILE = OUT.parent / "benchmarks" / "questions" / "sample_qa.jsonl"
FONT = "Noto Serif CJK SC"
FIXED_TIME = datetime.datetime(2025, 7, 1, 9, 0, 0)  # same bytes on every run for the .docx files
# (the .pdf differs on every run: LibreOffice stamps it with the conversion time)


@dataclass(frozen=True)
class SampleFile:
    name: str
    text: str
    encoding: str = "utf-8"  # for .txt only


SUMMARY_2024 = """\
= 示范县科学技术局2024年工作总结
2024年，县科学技术局在县委、县政府的正确领导下，围绕建设创新型县城的目标，以培育创新主体、集聚创新资源、优化创新生态为重点，全力推进各项科技工作，全县科技创新能力稳步提升。现将全年工作总结如下。
# 一、主要工作成效
## （一）知识产权创造质量稳步提升
全县专利申请量1180件，同比增长12.4%；专利授权量705件，同比增长8.6%，其中发明专利授权量96件，同比增长18.5%。每万人口高价值发明专利拥有量达到6.8件。一是开展专利“清零”行动，帮助37家规上工业企业实现发明专利零的突破；二是兑现2023年度专利资助资金352万元，惠及企业和个人216家（人）；三是办理专利权质押融资12笔，融资金额1.2亿元。
## （二）高新技术企业培育成效明显
全年新认定国家高新技术企业28家，重新认定15家，高新技术企业总数达到126家，同比增长15.6%。新增入库科技型中小企业312家。县高新技术企业培育库新入库企业45家，其中19家当年通过国家高新技术企业认定。兑现高新技术企业认定奖励资金710万元。
## （三）研发投入持续增加
全社会研究与试验发展（R&D）经费支出8.62亿元，同比增长11.3%，R&D经费支出占GDP比重达到2.35%，比上年提高0.12个百分点。规上工业企业研发活动覆盖率达到52%。全年发放科技创新券620万元，惠及企业84家，带动企业研发投入2100余万元。
## （四）科技特派员服务深入基层
选派科技特派员60名，其中省级科技特派员18名、市级科技特派员42名，实现全县14个乡镇（街道）全覆盖。全年推广新品种、新技术46项，开展技术培训120场次，培训农民6800人次，帮助解决生产技术难题93个。
## （五）创新平台建设提档升级
新增省级企业研发中心4家、市级工程技术研究中心9家，县科技企业孵化器被认定为省级科技企业孵化器。全县省级以上创新平台总数达到38家。与省农业科学院、省工业大学等6所高校院所签订产学研合作协议，促成合作项目21项。
## （六）科普工作广泛开展
组织科技活动周、全国科普日、“科技下乡”等主题活动85场，受众达3.2万人次。新建社区科普e站5个，全县公民具备科学素质的比例达到12.1%。
# 二、存在的问题
一是企业研发投入不均衡，研发费用主要集中在少数龙头企业；二是高层次科技人才引进难、留住难；三是科技服务机构数量少，服务能力有待提升。
# 三、2025年工作思路
2025年，我局将紧扣科技创新主线，重点做好以下工作：一是实施高新技术企业倍增计划，力争高新技术企业总数突破145家；二是落实新修订的《示范县专利资助办法》，提高发明专利资助力度；三是扩大科技创新券覆盖面，支持中小企业购买科技服务；四是深化科技特派员制度，推动科技成果进村入企。
示范县科学技术局
2025年1月10日
"""

SUMMARY_2025_H1 = """\
示范县科学技术局2025年上半年工作总结
2025年上半年，县科学技术局按照年初确定的工作计划，聚焦创新主体培育、人才引进和政策落实，各项工作有序推进，主要指标实现“时间过半、任务过半”。现将有关情况总结如下。
一、上半年工作进展
（一）知识产权工作
上半年全县专利申请量640件，同比增长9.8%；发明专利授权量54件，同比增长14.9%。《示范县专利资助办法》自2025年1月1日起施行，上半年兑现2024年度专利资助资金386万元，惠及企业和个人231家（人）。
（二）高新技术企业培育
组织42家企业申报2025年度国家高新技术企业，其中首次申报27家、重新认定15家。县高新技术企业培育库新入库企业20家。兑现2024年度高新技术企业认定奖励资金710万元。
（三）人才引进
引进高层次人才12名，其中博士5名、正高级职称人才3名，完成全年目标的60%。柔性引进省内外专家8名，新建专家工作站2家。
（四）科技创新券
受理56家企业的创新券申领，核发科技创新券310万元，已兑付186万元。新增创新券服务机构11家，服务机构总数达到47家。
（五）科技计划项目
印发《关于组织申报2025年度示范县科技计划项目的通知》，截至6月30日共收到申报项目96项，其中重点研发项目38项、农业科技示范项目31项、科技成果转化项目19项、软科学研究项目8项。
（六）科技特派员和科普
选派2025年度科技特派员64名，开展技术服务和培训58场次。组织科技活动周系列活动23场，受众1.1万人次。
二、存在的问题
一是部分企业对专利资助新政策了解不够，申报积极性不高；二是创新券兑付周期偏长，企业获得感有待提升；三是人才公寓等配套服务跟不上，引才留才压力较大。
三、下半年工作打算
一是加强政策宣传，组织专利资助和创新券政策解读会不少于4场；二是做好2025年度县科技计划项目评审和立项工作，确保9月底前下达计划；三是全力做好高新技术企业认定服务，确保全年新认定25家以上；四是完成全年引进高层次人才20名的目标。
示范县科学技术局
2025年7月8日
"""

PLAN_2025 = """\
示范县科学技术局2025年工作计划
2025年是“十四五”规划收官之年。县科学技术局将围绕县委、县政府决策部署，以提升企业创新能力为核心，统筹推进科技创新各项工作。主要目标和工作安排如下。
一、主要目标
（一）全县专利申请量达到1300件以上，发明专利授权量达到110件。
（二）新认定国家高新技术企业25家以上，高新技术企业总数突破145家。
（三）R&D经费支出占GDP比重达到2.5%。
（四）新增省级企业研发中心3家、市级工程技术研究中心8家。
（五）引进高层次人才20名。
（六）发放科技创新券800万元，惠及企业100家以上。
二、重点工作
（一）强化知识产权创造和保护
1.落实《示范县专利资助办法》，发明专利获得授权的每件资助5000元，引导企业提高专利质量。
2.开展知识产权进企业活动，全年走访企业不少于60家。
3.推进专利权质押融资，全年融资金额力争达到1.5亿元。
（二）壮大高新技术企业队伍
1.实施高新技术企业倍增计划，新入库县高新技术企业培育库企业40家。
2.落实《示范县高新技术企业认定奖励细则》，对首次认定的企业奖励20万元。
（三）加大研发投入
1.组织实施2025年度县科技计划项目，安排项目资金1200万元。
2.扩大科技创新券覆盖面，新增服务机构10家以上。
（四）深化科技特派员工作
选派科技特派员64名，实现乡镇（街道）和主导产业全覆盖，全年开展技术培训不少于120场次。
（五）加强科普工作
组织科技活动周、全国科普日等主题活动90场以上，公民具备科学素质的比例达到12.5%。
三、保障措施
一是加强组织领导，将目标任务分解到各股室，明确责任人和完成时限；二是加强经费保障，全年安排科技专项资金4500万元；三是加强督查考核，每季度通报工作进展。
示范县科学技术局
2025年1月20日
"""

PATENT_POLICY = """\
= 示范县专利资助办法
示县科〔2024〕58号
# 第一章　总则
第一条　为鼓励发明创造，提高全县专利质量和运用水平，根据《中华人民共和国专利法》等有关规定，结合本县实际，制定本办法。
第二条　专利资助资金由县财政在年度科技专项资金中安排，由县科学技术局会同县财政局管理。
第三条　本办法资助对象为在本县注册登记的企业、事业单位、社会组织，以及户籍或工作单位在本县的个人（以下统称申请人）。
# 第二章　资助标准
第四条　发明专利获得授权的，每件资助5000元；企业另奖励3000元。
第五条　实用新型专利获得授权的，每件资助1000元；外观设计专利获得授权的，每件资助300元。
第六条　通过《专利合作条约》（PCT）途径提交国际专利申请并进入国家阶段的，每件资助8000元；获得国外发明专利授权的，每件资助20000元，同一发明最多资助两个国家或地区。
第七条　同一企业年度获得的专利资助总额最高不超过50万元。各类专利资助标准见下表。
| 专利类型 | 资助环节 | 资助标准 | 备注
| 发明专利 | 获得授权 | 每件5000元 | 企业另奖励3000元
| 实用新型专利 | 获得授权 | 每件1000元 | —
| 外观设计专利 | 获得授权 | 每件300元 | —
| PCT国际专利申请 | 进入国家阶段 | 每件8000元 | —
| 国外发明专利 | 获得授权 | 每件20000元 | 同一发明最多两个国家或地区
# 第三章　申报程序
第八条　专利资助每年集中受理一次。申请人应于每年11月30日前提交申请，申报范围为上一年度12月1日至当年11月30日期间获得授权的专利。
第九条　申请材料：（一）示范县专利资助申请表；（二）营业执照复印件或身份证复印件；（三）专利证书复印件；（四）申请PCT资助的，另提供国际申请号通知书和缴费凭证；（五）申请人银行账户信息。
第十条　县科学技术局对申请材料进行审核，审核结果在县人民政府网站公示5个工作日。公示无异议的，于次年3月31日前拨付资助资金。
# 第四章　监督管理
第十一条　同一专利只资助一次。专利权在资助前已转让至县外的，不予资助。
第十二条　以弄虚作假等手段骗取资助资金的，由县科学技术局追回已拨付资金，五年内不受理其申请，并依法追究相关责任。
# 第五章　附则
第十三条　本办法由县科学技术局负责解释。
第十四条　本办法自2025年1月1日起施行，有效期三年。原《示范县专利申请资助暂行办法》同时废止。
示范县科学技术局
2024年12月20日
"""

VOUCHER_POLICY = """\
= 示范县科技创新券管理办法
示县科〔2025〕6号
# 第一章　总则
第一条　为引导中小企业利用外部科技资源开展研发创新，规范科技创新券（以下简称创新券）的发放、使用和兑付，结合本县实际，制定本办法。
第二条　本办法所称创新券，是县财政出资设立、向企业发放、专门用于向服务机构购买科技服务的电子凭证。
第三条　县科学技术局负责创新券的发放、审核和监督管理；县财政局负责资金保障和拨付。
# 第二章　申领条件
第四条　申领创新券的企业应同时具备以下条件：（一）在本县注册登记，具有独立法人资格，正常经营1年以上；（二）上年度营业收入不超过2亿元；（三）未被列入严重失信主体名单；（四）有明确的科技服务需求。
# 第三章　使用范围和额度
第五条　创新券可用于购买研发设计、检验检测、技术转移和知识产权分析评议等科技服务。
第六条　创新券按服务合同金额的50%抵扣，每家企业每年最高20万元；其中用于检验检测服务的，每年最高5万元。
第七条　企业与服务机构存在关联关系的，或所购服务属于日常经营管理服务的，不得使用创新券。
# 第四章　申领和兑付
第八条　创新券每年3月1日至9月30日受理申领，年度额度用完即止。当年申领的创新券应于当年12月31日前使用。
第九条　申领材料：（一）科技创新券申领表；（二）营业执照复印件；（三）上年度财务报表；（四）与服务机构签订的技术服务合同。
第十条　服务完成后，服务机构应在30日内提交服务报告和发票，县科学技术局审核通过后15个工作日内拨付兑付资金。
# 第五章　服务机构
第十一条　服务机构应具备以下条件：（一）依法设立的高等院校、科研院所、检验检测机构或科技服务企业；（二）具备与所提供服务相应的资质和专业人员；（三）在示范县科技创新服务平台注册入库；（四）近三年无不良信用记录。
# 第六章　监督管理
第十二条　企业以虚报、伪造合同等手段骗取创新券的，追回已兑付资金，三年内不得申领创新券。
第十三条　服务机构提供虚假服务或与企业串通套取资金的，取消其服务机构资格，并列入失信名单。
# 第七章　附则
第十四条　本办法由县科学技术局负责解释。
第十五条　本办法自2025年3月1日起施行，有效期至2027年12月31日。
示范县科学技术局
2025年2月10日
"""

HIGH_TECH_RULES = """\
示范县高新技术企业认定奖励细则
示县科〔2025〕3号
第一条　为加快培育高新技术企业，推动企业走创新发展之路，根据国家高新技术企业认定管理有关规定，结合本县实际，制定本细则。
第二条　本细则适用于在本县注册登记、依法纳税的企业。
第三条　首次认定为国家高新技术企业的，一次性奖励20万元。
第四条　重新认定为国家高新技术企业的，一次性奖励10万元。
第五条　高新技术企业资格在有效期内整体迁入本县的，一次性奖励10万元。
第六条　经评审入选县高新技术企业培育库的企业，给予3万元培育库入库补助；入库后两年内首次认定为国家高新技术企业的，按第三条给予奖励。
第七条　申请奖励的企业应同时具备以下条件：（一）在本县注册登记并依法纳税；（二）近三年内未发生重大安全、质量事故和严重环境违法行为；（三）未被列入严重失信主体名单。
第八条　申请材料：（一）高新技术企业认定奖励申请表；（二）高新技术企业证书复印件；（三）营业执照复印件；（四）上年度研发费用专项审计报告。
第九条　奖励每年集中受理一次，企业应于每年4月30日前提交上一年度认定的奖励申请，逾期不予受理。
第十条　同一企业同一年度同时符合本细则多项奖励条件的，按就高原则给予奖励，不重复享受。
第十一条　以弄虚作假等手段骗取奖励资金的，追回已拨付资金，取消其三年内申请县级科技项目和奖励的资格。
第十二条　本细则由县科学技术局负责解释。
第十三条　本细则自2025年1月1日起施行，有效期三年。
示范县科学技术局
2024年12月25日
"""

PROJECT_NOTICE = """\
= 关于组织申报2025年度示范县科技计划项目的通知
示县科〔2025〕12号
各乡镇人民政府、街道办事处，县直有关单位，各有关企业：
为加快推进创新驱动发展，现组织申报2025年度示范县科技计划项目。有关事项通知如下。
# 一、申报范围
（一）重点研发项目。支持企业围绕新材料、高端装备、生物医药等产业开展关键技术攻关，每项资助最高50万元。
（二）农业科技示范项目。支持新品种、新技术的引进示范和推广，每项资助最高20万元。
（三）科技成果转化项目。支持企业转化高校院所科技成果并实现产业化，每项资助最高30万元。
（四）软科学研究项目。围绕全县科技发展战略开展研究，每项资助3万元。
# 二、申报条件
1.申报单位应在本县注册登记满1年，具有独立法人资格，财务制度健全。
2.项目负责人年龄不超过60周岁，同一负责人限报1项。
3.企业牵头的项目，自筹资金与申请资助资金的比例不低于2:1。
4.有在研县级科技计划项目逾期未结题的单位，不得申报。
# 三、申报材料
1.项目申报书一式三份。
2.营业执照复印件。
3.上年度财务报表。
4.产学研合作项目须提供合作协议。
5.知识产权证明等其他相关材料。
# 四、申报时间和方式
申报截止时间为2025年6月30日17:00，逾期不予受理。纸质材料报送县科学技术局科技发展股（县行政中心3楼305室），电子版同时通过示范县科技项目管理系统提交。
# 五、联系方式
联系人：李晓梅，联系电话：0000-8812345。
示范县科学技术局
2025年4月15日
"""

FILES = [
    SampleFile("示范县科学技术局2024年工作总结.docx", SUMMARY_2024),
    SampleFile("示范县科学技术局2025年上半年工作总结.txt", SUMMARY_2025_H1, encoding="gb18030"),
    SampleFile("示范县科学技术局2025年工作计划.txt", PLAN_2025),
    SampleFile("示范县专利资助办法.docx", PATENT_POLICY),
    SampleFile("示范县科技创新券管理办法.pdf", VOUCHER_POLICY),
    SampleFile("示范县高新技术企业认定奖励细则.txt", HIGH_TECH_RULES),
    SampleFile("关于组织申报2025年度示范县科技计划项目的通知.docx", PROJECT_NOTICE),
]


SUMMARY_2024_FILE, H1_FILE, PLAN_FILE, PATENT_FILE, VOUCHER_FILE, HIGH_TECH_FILE, NOTICE_FILE = (f.name for f in FILES)

# (id, question, source, evidence, answer): evidence is verbatim in the source's text as ingested,
# every answer fact is inside the evidence. An empty source marks a question the corpus cannot answer.
QUESTIONS = [
    ("s01", "我们公司的发明专利批下来了，县里能补贴多少钱？", PATENT_FILE,
     ["发明专利获得授权的，每件资助5000元"], ["5000元"]),
    ("s02", "企业获得发明专利授权，除了资助还有额外奖励吗？", PATENT_FILE, ["企业另奖励3000元"], ["3000元"]),
    ("s03", "实用新型专利授权后每件资助多少？", PATENT_FILE, ["实用新型专利获得授权的，每件资助1000元"], ["1000元"]),
    ("s04", "外观设计专利的资助标准是什么？", PATENT_FILE, ["外观设计专利获得授权的，每件资助300元"], ["300元"]),
    ("s05", "PCT国际专利申请能拿到多少资助？", PATENT_FILE, ["进入国家阶段的，每件资助8000元"], ["8000元"]),
    ("s06", "国外发明专利授权的资助标准是多少？", PATENT_FILE, ["资助标准：每件20000元", "获得国外发明专利授权的，每件资助20000元"], ["20000元"]),
    ("s07", "一家企业一年最多能拿多少专利资助？", PATENT_FILE, ["专利资助总额最高不超过50万元"], ["50万元"]),
    ("s08", "专利资助每年什么时候截止申请？", PATENT_FILE, ["应于每年11月30日前提交申请"], ["11月30日"]),
    ("s09", "申请专利资助要准备哪些材料？", PATENT_FILE,
     ["（一）示范县专利资助申请表", "（三）专利证书复印件"], ["专利资助申请表", "专利证书复印件"]),
    ("s10", "专利资助办法从哪天开始施行？", PATENT_FILE, ["本办法自2025年1月1日起施行"], ["2025年1月1日"]),
    ("s11", "新的专利资助办法施行后，哪个文件废止了？", PATENT_FILE,
     ["原《示范县专利申请资助暂行办法》同时废止"], ["示范县专利申请资助暂行办法"]),
    ("s12", "骗取专利资助资金会有什么后果？", PATENT_FILE, ["五年内不受理其申请"], ["五年"]),
    ("s13", "专利资助办法的文号是多少？", PATENT_FILE, ["示县科〔2024〕58号"], ["示县科〔2024〕58号"]),
    ("s14", "创新券什么时候可以申领？", VOUCHER_FILE, ["每年3月1日至9月30日受理申领"], ["3月1日", "9月30日"]),
    ("s15", "每家企业每年最多能用多少创新券？", VOUCHER_FILE, ["每家企业每年最高20万元"], ["20万元"]),
    ("s16", "找检测机构做检验检测，创新券最多能抵多少？", VOUCHER_FILE,
     ["用于检验检测服务的，每年最高5万元"], ["5万元"]),
    ("s17", "什么样的企业可以申领创新券？", VOUCHER_FILE,
     ["正常经营1年以上", "上年度营业收入不超过2亿元"], ["1年以上", "2亿元"]),
    ("s18", "提供创新券服务的机构需要满足什么条件？", VOUCHER_FILE,
     ["在示范县科技创新服务平台注册入库", "近三年无不良信用记录"], ["注册入库"]),
    ("s19", "企业骗取创新券会怎么处理？", VOUCHER_FILE, ["三年内不得申领创新券"], ["三年"]),
    ("s20", "创新券按服务费用的多大比例抵扣？", VOUCHER_FILE, ["按服务合同金额的50%抵扣"], ["50%"]),
    ("s21", "公司第一次评上高新技术企业，县里奖励多少？", HIGH_TECH_FILE,
     ["首次认定为国家高新技术企业的，一次性奖励20万元"], ["20万元"]),
    ("s22", "高新技术企业重新认定有奖励吗？", HIGH_TECH_FILE,
     ["重新认定为国家高新技术企业的，一次性奖励10万元"], ["10万元"]),
    ("s23", "进入县高新技术企业培育库有什么补助？", HIGH_TECH_FILE, ["给予3万元培育库入库补助"], ["3万元"]),
    ("s24", "高新技术企业认定奖励最晚什么时候申请？", HIGH_TECH_FILE, ["应于每年4月30日前提交"], ["4月30日"]),
    ("s25", "申请高新技术企业认定奖励要交哪些材料？", HIGH_TECH_FILE,
     ["（二）高新技术企业证书复印件", "上年度研发费用专项审计报告"], ["高新技术企业证书", "研发费用专项审计报告"]),
    ("s26", "2025年度县科技计划项目申报截止到什么时候？", NOTICE_FILE,
     ["申报截止时间为2025年6月30日17:00"], ["2025年6月30日"]),
    ("s27", "重点研发项目每项最多资助多少？", NOTICE_FILE, ["每项资助最高50万元"], ["50万元"]),
    ("s28", "科技计划项目申报有问题找谁？电话多少？", NOTICE_FILE,
     ["联系人：李晓梅", "联系电话：0000-8812345"], ["李晓梅", "0000-8812345"]),
    ("s29", "科技计划项目负责人有年龄限制吗？", NOTICE_FILE, ["项目负责人年龄不超过60周岁"], ["60周岁"]),
    ("s30", "2024年全县专利申请量是多少，增长了多少？", SUMMARY_2024_FILE,
     ["全县专利申请量1180件，同比增长12.4%"], ["1180件", "12.4%"]),
    ("s31", "2024年发明专利授权量多少件？", SUMMARY_2024_FILE, ["发明专利授权量96件"], ["96件"]),
    ("s32", "2024年底全县高新技术企业一共有多少家？", SUMMARY_2024_FILE, ["高新技术企业总数达到126家"], ["126家"]),
    ("s33", "2024年研发投入占GDP的比重是多少？", SUMMARY_2024_FILE, ["占GDP比重达到2.35%"], ["2.35%"]),
    ("s34", "2024年选派了多少名科技特派员？", SUMMARY_2024_FILE, ["选派科技特派员60名"], ["60名"]),
    ("s35", "2024年新增了几家省级企业研发中心？", SUMMARY_2024_FILE, ["新增省级企业研发中心4家"], ["4家"]),
    ("s36", "2025年上半年引进了多少名高层次人才？", H1_FILE, ["引进高层次人才12名"], ["12名"]),
    ("s37", "今年上半年专利申请量是多少？", H1_FILE, ["上半年全县专利申请量640件"], ["640件"]),
    ("s38", "上半年一共收到多少项科技计划项目申报？", H1_FILE, ["共收到申报项目96项"], ["96项"]),
    ("s39", "2025年专利申请量的目标是多少？", PLAN_FILE, ["全县专利申请量达到1300件以上"], ["1300件"]),
    ("s40", "2025年全年安排多少科技专项资金？", PLAN_FILE, ["全年安排科技专项资金4500万元"], ["4500万元"]),
    ("u01", "县里对企业购买人工智能算力有没有补贴？", "", [], []),
    ("u02", "江苏省对高新技术企业有什么奖励？", "", [], []),
    ("u03", "2019年全县专利申请量是多少？", "", [], []),
    ("u04", "科技特派员每月的工作补贴是多少？", "", [], []),
    ("u05", "引进的博士人才能拿到多少安家费？", "", [], []),
    ("u06", "企业申请商标注册有没有资助？", "", [], []),
    ("u07", "获批省级重点实验室县里奖励多少？", "", [], []),
    ("u08", "2023年全县技术合同成交额是多少？", "", [], []),
]  # fmt: skip


def question_rows() -> list[dict[str, object]]:
    """The rows of benchmarks/questions/sample_qa.jsonl, in the schema of the shared benchmark question sets."""
    rows = []
    for qid, question, source, evidence, answer in QUESTIONS:
        row: dict[str, object] = {"id": qid, "question": question, "source": source, "evidence": evidence, "answer": answer}
        if not source:
            row["unanswerable"] = True
        rows.append(row)
    return rows


def plain_text(marked: str) -> str:
    """The text without markup, as a .txt file holds it."""
    lines = []
    for line in marked.splitlines():
        if line.startswith("|"):
            raise ValueError("表格只能写入 .docx 或 .pdf")
        lines.append(line.lstrip("=# ").rstrip() if line[:1] in "=#" else line)
    return "\n".join(lines) + "\n"


def _set_font(document: docx.Document) -> None:
    """Chinese text in a CJK font, so LibreOffice renders and the PDF text layer carries it."""
    for style in document.styles:
        if style.type != 1:  # paragraph styles only
            continue
        style.font.name = FONT
        rpr = style.element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    document.styles["Normal"].font.size = Pt(12)


def _add_table(document: docx.Document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value


def build_docx(marked: str, path: Path) -> None:
    """A Word file: title, heading styles, paragraphs and tables as the markup says."""
    document = docx.Document()
    _set_font(document)
    document.core_properties.author = "示范县科学技术局"
    document.core_properties.created = FIXED_TIME
    document.core_properties.modified = FIXED_TIME
    table: list[list[str]] = []
    for line in marked.splitlines() + [""]:
        if line.startswith("|"):
            table.append([cell.strip() for cell in line.strip("|").split("|")])
            continue
        if table:
            _add_table(document, table)
            table = []
        if not line.strip():
            continue
        if line.startswith("= "):
            document.add_heading(line[2:], level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif line.startswith("## "):
            document.add_heading(line[3:], level=2)
        elif line.startswith("# "):
            document.add_heading(line[2:], level=1)
        else:
            document.add_paragraph(line)
    document.save(str(path))
    _fix_zip_times(path)


def _fix_zip_times(path: Path) -> None:
    """Give every member of the .docx the same date, so an unchanged text gives an unchanged file."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            info.date_time = FIXED_TIME.timetuple()[:6]
            target.writestr(info, data)


def build_pdf(marked: str, path: Path) -> None:
    """Convert the .docx of the same text with LibreOffice headless."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("找不到 LibreOffice（soffice），请先执行 apt-get install -y libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"{path.stem}.docx"
        build_docx(marked, source)
        profile = Path(tmp) / "profile"
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", tmp, str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        shutil.move(Path(tmp) / f"{path.stem}.pdf", path)


def build(sample: SampleFile, out_dir: Path) -> Path:
    path = out_dir / sample.name
    if path.suffix == ".txt":
        path.write_bytes(plain_text(sample.text).encode(sample.encoding))
    elif path.suffix == ".docx":
        build_docx(sample.text, path)
    elif path.suffix == ".pdf":
        build_pdf(sample.text, path)
    else:
        raise ValueError(f"不支持生成 {path.suffix} 文件")
    return path


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for sample in FILES:
        print(build(sample, OUT))
    questions = QUESTIONS_FILE
    questions.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in question_rows()), encoding="utf-8")
    print(questions)


if __name__ == "__main__":
    main()
