#include "iphub/analytics/navigation.h"

#include <cstdio>
#include <map>
#include <set>

#include "iphub/base/civil_date.h"

namespace iphub::analytics {
namespace {

using json = nlohmann::json;

json CountsJson(const std::vector<patents::LandscapeCount>& counts) {
  json out = json::array();
  for (const patents::LandscapeCount& count : counts) {
    out.push_back({{"value", count.value}, {"count", count.count}});
  }
  return out;
}

json RankingJson(const patents::LandscapeRanking& ranking) {
  return {{"distinct", ranking.distinct}, {"top", CountsJson(ranking.top)}};
}

// Cell text of a JSON number or string.
std::string Cell(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

}  // namespace

const std::vector<ReportTemplate>& ReportTemplates() {
  // The analyses GB/T 39551 asks of each navigation type, as sections of this
  // landscape: where a region stands and who files there (regional); the
  // technology's structure and its players (industrial); competitors and
  // partners (enterprise); technical fields, their growth and the most active
  // inventors (R&D); inventors and teams (talent).
  static const std::vector<ReportTemplate> kTemplates = {
      {"regional",
       {"trend", "regions", "applicants", "ipc", "life_cycle", "new_entrants", "legal_status",
        "types"}},
      {"industrial",
       {"trend", "ipc", "ipc_matrix", "applicants", "countries", "regions", "life_cycle",
        "new_entrants", "collaboration"}},
      {"enterprise",
       {"trend", "applicants", "collaboration", "ipc", "legal_status", "types", "countries"}},
      {"rd",
       {"trend", "ipc", "ipc_matrix", "life_cycle", "inventors", "applicants", "legal_status"}},
      {"talent", {"inventors", "applicants", "collaboration", "regions", "trend"}},
  };
  return kTemplates;
}

const ReportTemplate* FindReportTemplate(std::string_view key) {
  for (const ReportTemplate& report_template : ReportTemplates()) {
    if (report_template.key == key) return &report_template;
  }
  return nullptr;
}

std::string ShanghaiTimestamp(int64_t unix_ms) {
  constexpr int64_t kDay = 86'400'000, kOffset = 8 * 3'600'000;
  int64_t in_day = (unix_ms + kOffset) % kDay;
  if (in_day < 0) in_day += kDay;
  const int64_t seconds = in_day / 1000;
  char time[16];
  std::snprintf(time, sizeof time, "T%02d:%02d:%02d", static_cast<int>(seconds / 3600),
                static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  return base::ShanghaiDate(unix_ms) + time + "+08:00";
}

json LandscapeJson(const patents::Landscape& landscape, int64_t computed_at_ms) {
  json applicants = json::array();
  for (const patents::LandscapeApplicant& applicant : landscape.applicants) {
    applicants.push_back({{"name", applicant.name},
                          {"count", applicant.count},
                          {"by_year", applicant.by_year},
                          {"first_year", applicant.first_year}});
  }
  json life_cycle = json::array(), entrants = json::array();
  for (const patents::LandscapeYear& year : landscape.life_cycle) {
    life_cycle.push_back(
        {{"year", year.year}, {"applicants", year.applicants}, {"filings", year.filings}});
    entrants.push_back({{"year", year.year}, {"count", year.new_entrants}});
  }
  json nodes = json::array(), links = json::array();
  for (const patents::LandscapeCount& node : landscape.collaboration_nodes) {
    nodes.push_back({{"name", node.value}, {"count", node.count}});
  }
  for (const patents::LandscapeLink& link : landscape.collaboration_links) {
    links.push_back({{"source", link.source}, {"target", link.target}, {"count", link.count}});
  }
  return {{"query", landscape.query},
          {"total", landscape.total},
          {"took_ms", landscape.took_ms},
          {"data_version", landscape.data_version},
          {"computed_at", ShanghaiTimestamp(computed_at_ms)},
          {"years", landscape.years},
          {"filings",
           {{"application", landscape.filings.application},
            {"publication", landscape.filings.publication},
            {"grant", landscape.filings.grant}}},
          {"applicants", {{"distinct", landscape.applicant_distinct}, {"top", applicants}}},
          {"inventors", RankingJson(landscape.inventors)},
          {"ipc",
           {{"section", RankingJson(landscape.ipc_section)},
            {"class", RankingJson(landscape.ipc_class)},
            {"subclass", RankingJson(landscape.ipc_subclass)},
            {"group", RankingJson(landscape.ipc_group)}}},
          {"ipc_matrix", {{"codes", landscape.matrix_codes}, {"counts", landscape.matrix}}},
          {"provinces", CountsJson(landscape.provinces)},
          {"cities", CountsJson(landscape.cities)},
          {"countries", CountsJson(landscape.countries)},
          {"life_cycle", std::move(life_cycle)},
          {"new_entrants", std::move(entrants)},
          {"legal_status", CountsJson(landscape.legal_status)},
          {"types", CountsJson(landscape.types)},
          {"collaboration", {{"nodes", std::move(nodes)}, {"links", std::move(links)}}}};
}

json CitationsJson(const patents::store::CitationsAmong& citations, size_t top) {
  json most_cited = json::array(), links = json::array();
  std::set<std::string> shown;
  for (size_t at = 0; at < citations.cited.size() && at < top; ++at) {
    const auto& cited = citations.cited[at];
    shown.insert(cited.publication_number);
    most_cited.push_back({{"publication_number", cited.publication_number},
                          {"title", cited.title},
                          {"cited_by", cited.cited_by}});
  }
  for (const auto& [citing, cited] : citations.links) {
    if (shown.contains(citing) && shown.contains(cited)) {
      links.push_back({{"citing", citing}, {"cited", cited}});
    }
  }
  return {{"most_cited", std::move(most_cited)}, {"links", std::move(links)}};
}

json LandscapeChanges(const json& then, const json& now) {
  const auto head = [](const json& landscape) {
    return json{{"total", landscape.value("total", 0)},
                {"data_version", landscape.value("data_version", 0)},
                {"computed_at", landscape.value("computed_at", "")}};
  };
  // Applicants: counts in each top list by name.
  const auto top = [](const json& landscape) {
    std::map<std::string, uint64_t> out;
    const json& list = landscape.value("/applicants/top"_json_pointer, json::array());
    for (const json& applicant : list) {
      out[applicant.value("name", "")] = applicant.value("count", uint64_t{0});
    }
    return out;
  };
  const std::map<std::string, uint64_t> top_then = top(then), top_now = top(now);
  json new_applicants = json::array(), applicant_changes = json::array();
  for (const json& applicant : now.value("/applicants/top"_json_pointer, json::array())) {
    const std::string name = applicant.value("name", "");
    if (!top_then.contains(name)) {
      new_applicants.push_back({{"name", name}, {"count", applicant.value("count", 0)}});
    }
  }
  std::set<std::string> names;
  for (const auto& [name, count] : top_then) names.insert(name);
  for (const auto& [name, count] : top_now) names.insert(name);
  for (const std::string& name : names) {
    const auto then_it = top_then.find(name);
    const auto now_it = top_now.find(name);
    if (then_it != top_then.end() && now_it != top_now.end() && then_it->second == now_it->second) {
      continue;
    }
    applicant_changes.push_back(
        {{"name", name},
         {"then", then_it == top_then.end() ? json(nullptr) : json(then_it->second)},
         {"now", now_it == top_now.end() ? json(nullptr) : json(now_it->second)}});
  }
  // Filings per application year.
  const auto by_year = [](const json& landscape) {
    std::map<int, uint64_t> out;
    const json years = landscape.value("years", json::array());
    const json filings = landscape.value("/filings/application"_json_pointer, json::array());
    for (size_t at = 0; at < years.size() && at < filings.size(); ++at) {
      out[years[at].get<int>()] = filings[at].get<uint64_t>();
    }
    return out;
  };
  std::map<int, uint64_t> years_then = by_year(then), years_now = by_year(now);
  std::set<int> years;
  for (const auto& [year, count] : years_then) years.insert(year);
  for (const auto& [year, count] : years_now) years.insert(year);
  json year_changes = json::array();
  for (int year : years) {
    const uint64_t a = years_then[year], b = years_now[year];
    if (a != b) year_changes.push_back({{"year", year}, {"then", a}, {"now", b}});
  }
  return {{"then", head(then)},
          {"now", head(now)},
          {"new_applicants", std::move(new_applicants)},
          {"applicant_changes", std::move(applicant_changes)},
          {"year_changes", std::move(year_changes)}};
}

json HighValueRecord(const json& among_hits) {
  json out = among_hits;
  out.erase("patents");
  if (!among_hits.contains("patents")) return out;
  json numbers = json::array();
  for (const json& patent : among_hits["patents"]) {
    numbers.push_back(patent.value("publication_number", ""));
  }
  out["numbers"] = std::move(numbers);
  return out;
}

json HighValueChanges(const json& recorded, const json& now) {
  const auto head = [](const json& side) {
    json out{{"as_of", side.value("as_of", "")}, {"candidates", side.value("candidates", 0)}};
    if (side.contains("count")) out["count"] = side["count"];
    return out;
  };
  json out{{"then", head(recorded)}, {"now", head(now)}};
  for (const json* side : {&recorded, &now}) {
    if (side->contains("omitted")) {
      out["omitted"] = (*side)["omitted"];
      return out;
    }
  }
  std::set<std::string> then;
  for (const json& number : recorded.value("numbers", json::array())) {
    if (number.is_string()) then.insert(number.get<std::string>());
  }
  json added = json::array();
  size_t total = 0;
  for (const json& patent : now.value("patents", json::array())) {
    if (then.contains(patent.value("publication_number", ""))) continue;
    if (++total <= kMaxNewHighValue) added.push_back(patent);
  }
  out["new"] = std::move(added);
  out["new_total"] = total;
  return out;
}

std::string LandscapeWorkbook(const json& landscape, base::TableFormat format, bool english) {
  const auto label = [english](std::string_view zh, std::string_view en) {
    return std::string(english ? en : zh);
  };
  auto writer = base::TableWriter::Create(format, label("检索式", "Query"));
  writer->AddRow({label("检索式", "Query"), landscape.value("query", "")});
  writer->AddRow({label("命中数", "Hits"), Cell(landscape.value("total", json(0)))});
  writer->AddRow(
      {label("数据版本", "Data version"), Cell(landscape.value("data_version", json(0)))});
  writer->AddRow({label("计算时间", "Computed at"), landscape.value("computed_at", "")});

  writer->AddSheet(label("申请趋势", "Trend"));
  writer->AddRow({label("年份", "Year"), label("申请量", "Applications"),
                  label("公开量", "Publications"), label("授权量", "Grants")});
  const json years = landscape.value("years", json::array());
  const json filings = landscape.value("filings", json::object());
  for (size_t at = 0; at < years.size(); ++at) {
    std::vector<std::string> row = {Cell(years[at])};
    for (const char* kind : {"application", "publication", "grant"}) {
      const json list = filings.value(kind, json::array());
      row.push_back(at < list.size() ? Cell(list[at]) : "");
    }
    writer->AddRow(row);
  }

  writer->AddSheet(label("申请人", "Applicants"));
  std::vector<std::string> header = {label("申请人", "Applicant"), label("专利数", "Patents"),
                                     label("首次申请年", "First year")};
  for (const json& year : years) header.push_back(Cell(year));
  writer->AddRow(header);
  for (const json& applicant : landscape.value("/applicants/top"_json_pointer, json::array())) {
    std::vector<std::string> row = {applicant.value("name", ""),
                                    Cell(applicant.value("count", json(0))),
                                    Cell(applicant.value("first_year", json(0)))};
    for (const json& count : applicant.value("by_year", json::array())) row.push_back(Cell(count));
    writer->AddRow(row);
  }

  const auto counts_sheet = [&](std::string_view zh, std::string_view en, const json& list,
                                std::string_view value_zh, std::string_view value_en) {
    writer->AddSheet(label(zh, en));
    writer->AddRow({label(value_zh, value_en), label("专利数", "Patents")});
    for (const json& item : list) {
      writer->AddRow({Cell(item.value("value", json(""))), Cell(item.value("count", json(0)))});
    }
  };
  const json ipc = landscape.value("ipc", json::object());
  counts_sheet("IPC部", "IPC sections", ipc.value("/section/top"_json_pointer, json::array()),
               "分类号", "Code");
  counts_sheet("IPC大类", "IPC classes", ipc.value("/class/top"_json_pointer, json::array()),
               "分类号", "Code");
  counts_sheet("IPC小类", "IPC subclasses", ipc.value("/subclass/top"_json_pointer, json::array()),
               "分类号", "Code");
  counts_sheet("IPC大组", "IPC main groups", ipc.value("/group/top"_json_pointer, json::array()),
               "分类号", "Code");

  writer->AddSheet(label("IPC共现", "IPC co-occurrence"));
  const json codes = landscape.value("/ipc_matrix/codes"_json_pointer, json::array());
  const json matrix = landscape.value("/ipc_matrix/counts"_json_pointer, json::array());
  std::vector<std::string> matrix_header = {""};
  for (const json& code : codes) matrix_header.push_back(Cell(code));
  writer->AddRow(matrix_header);
  for (size_t at = 0; at < codes.size() && at < matrix.size(); ++at) {
    std::vector<std::string> row = {Cell(codes[at])};
    for (const json& count : matrix[at]) row.push_back(Cell(count));
    writer->AddRow(row);
  }

  counts_sheet("省份", "Provinces", landscape.value("provinces", json::array()), "行政区划代码",
               "Region code");
  counts_sheet("城市", "Cities", landscape.value("cities", json::array()), "行政区划代码",
               "Region code");
  counts_sheet("国家地区", "Countries", landscape.value("countries", json::array()), "国家/地区",
               "Country");

  writer->AddSheet(label("技术生命周期", "Life cycle"));
  writer->AddRow({label("年份", "Year"), label("申请人数", "Applicants"),
                  label("申请量", "Applications"), label("新进入者", "New entrants")});
  const json entrants = landscape.value("new_entrants", json::array());
  const json cycle = landscape.value("life_cycle", json::array());
  for (size_t at = 0; at < cycle.size(); ++at) {
    writer->AddRow({Cell(cycle[at].value("year", json(0))),
                    Cell(cycle[at].value("applicants", json(0))),
                    Cell(cycle[at].value("filings", json(0))),
                    at < entrants.size() ? Cell(entrants[at].value("count", json(0))) : ""});
  }

  counts_sheet("发明人", "Inventors", landscape.value("/inventors/top"_json_pointer, json::array()),
               "发明人", "Inventor");
  counts_sheet("法律状态", "Legal status", landscape.value("legal_status", json::array()),
               "法律状态", "Legal status");
  counts_sheet("文献类型", "Document types", landscape.value("types", json::array()), "类型",
               "Type");

  writer->AddSheet(label("合作网络", "Collaboration"));
  writer->AddRow({label("申请人", "Applicant"), label("合作申请人", "Co-applicant"),
                  label("共同专利数", "Shared patents")});
  for (const json& link : landscape.value("/collaboration/links"_json_pointer, json::array())) {
    writer->AddRow(
        {link.value("source", ""), link.value("target", ""), Cell(link.value("count", json(0)))});
  }
  writer->Finish();
  return writer->TakeOutput();
}

}  // namespace iphub::analytics
