/* region.c - the province table of GB/T 2260 (34 province-level divisions). */
#include "region.h"

#include <stddef.h>

static const struct {
    int code;
    const char *name;
} provinces[] = {
    {11, "北京市"},           {12, "天津市"}, {13, "河北省"},         {14, "山西省"},         {15, "内蒙古自治区"},
    {21, "辽宁省"},           {22, "吉林省"}, {23, "黑龙江省"},       {31, "上海市"},         {32, "江苏省"},
    {33, "浙江省"},           {34, "安徽省"}, {35, "福建省"},         {36, "江西省"},         {37, "山东省"},
    {41, "河南省"},           {42, "湖北省"}, {43, "湖南省"},         {44, "广东省"},         {45, "广西壮族自治区"},
    {46, "海南省"},           {50, "重庆市"}, {51, "四川省"},         {52, "贵州省"},         {53, "云南省"},
    {54, "西藏自治区"},       {61, "陕西省"}, {62, "甘肃省"},         {63, "青海省"},         {64, "宁夏回族自治区"},
    {65, "新疆维吾尔自治区"}, {71, "台湾省"}, {81, "香港特别行政区"}, {82, "澳门特别行政区"},
};

const char *region_province_name(const char *code)
{
    int n;
    if (code == NULL || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9')
        return NULL;
    n = (code[0] - '0') * 10 + (code[1] - '0');
    for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
        if (provinces[i].code == n)
            return provinces[i].name;
    return NULL;
}

bool region_is_province(const char *code) { return region_province_name(code) != NULL; }
