"""Landmarks of 株洲 that people search homes and services by ("近工业大学", "人民医院旁").

Each is one search term whole (core.segmentation.add_words, registered by
PlacesConfig.ready): jieba alone cuts 工业大学 into 工业 + 大学 and 人民医院 into
人民 + 医院, so a search for the university also found every ad that mentions an
industrial park and any university, and had to intersect two long lists of homes to
do it. A text is still indexed under the parts too, so a search for 大学 finds it.

Only names of three characters or more are listed: jieba keeps shorter words (二中,
万达, 湘江) whole already. The names are those in common use (the short form as
people write it in ads, and the full name where ads use it too), from public sources;
staff can extend the list, followed by a re-index (a data migration, as for the first
list: housing 0010, news 0003).
"""

SCHOOLS = (
    "湖南工业大学",
    "工业大学",
    "株洲师范高等专科学校",
    "株洲师专",
    "湖南铁道职业技术学院",
    "湖南汽车工程职业学院",
    "湖南化工职业技术学院",
    "湖南有色金属职业技术学院",
    "湖南铁路科技职业技术学院",
    "职业技术学院",
    "北师大附校",
    "北师大株洲附校",
    "南方中学",
    "九方中学",
    "株洲市一中",
    "株洲市二中",
    "株洲市八中",
    "醴陵一中",
    "攸县一中",
    "实验小学",
    "实验中学",
    "外国语学校",
)

HOSPITALS = (
    "中心医院",
    "株洲市中心医院",
    "人民医院",
    "醴陵市人民医院",
    "攸县人民医院",
    "茶陵县人民医院",
    "炎陵县人民医院",
    "株洲市二医院",
    "株洲市三医院",
    "中医院",
    "中医伤科医院",
    "妇幼保健院",
)

TRANSPORT = (
    "株洲火车站",
    "火车站",
    "株洲西站",
    "株洲南站",
    "高铁站",
    "醴陵北站",
    "汽车站",
    "汽车南站",
    "长途汽车站",
    "客运站",
    "城际站",
    "长株潭城际",
    "公交站",
    "地铁口",
    "地铁站",
)

SHOPPING = (
    "王府井",
    "万达广场",
    "步步高",
    "平和堂",
    "芦淞市场",
    "芦淞服装市场",
    "中心广场",
    "神农城",
    "奥特莱斯",
    "菜市场",
)

PARKS_AND_PUBLIC = (
    "神农公园",
    "炎帝广场",
    "湘江风光带",
    "石峰公园",
    "仙庾岭",
    "神农塔",
    "株洲博物馆",
    "体育中心",
    "市民中心",
    "市政府",
    "区政府",
    "县政府",
    "图书馆",
)

LANDMARKS = SCHOOLS + HOSPITALS + TRANSPORT + SHOPPING + PARKS_AND_PUBLIC
