// Word tables for the synthetic demo corpus (demo_corpus.h): technology fields
// keyed by IPC subclass with Chinese and English terms that compose into titles,
// claims and abstracts, and the pieces of applicant, inventor and agency names.
//
// Everything is constexpr data in demo_vocabulary.cc. Regions and their GB/T 2260
// codes are real; every person, company, university, institute, agency and bank
// name built from these pieces is invented.
#pragma once

#include <span>
#include <string_view>

namespace iphub::patents::demo {

// A term in both languages. `en` is written to slot into an English sentence
// ("the state of charge of a lithium-ion battery", "a convolutional neural network").
struct Term {
  std::string_view zh{};
  std::string_view en{};
};

// A product for design registrations, with its Locarno class ("13-02").
struct DesignProduct {
  std::string_view zh{};
  std::string_view en{};
  std::string_view locarno{};
};

// One technology field. Every list is non-empty except `materials` and
// `ingredients` (both empty for fields without compositions) and `cpc_tags`.
struct FieldVocabulary {
  std::string_view key{};  // the IPC subclass that names the field, "H01M"
  Term name{};             // 电池 / batteries (for "本发明涉及…技术领域")
  int weight = 1;          // relative share of filings
  std::span<const std::string_view> ipc{};       // "H01M 10/0525"; the first is the most common
  std::span<const std::string_view> cpc_tags{};  // extra CPC symbols of US documents ("Y02E 60/10")
  // Noun phrase / gerund phrase of what a method does:
  // 锂离子电池荷电状态估计 / estimating the state of charge of a lithium-ion battery.
  std::span<const Term> tasks{};
  std::span<const Term> techniques{};   // 深度学习 / deep learning
  std::span<const Term> signals{};      // 电压数据 / voltage data
  std::span<const Term> devices{};      // 电池包 / battery pack
  std::span<const Term> parts{};        // 壳体 / housing
  std::span<const Term> materials{};    // 硅碳负极材料 / silicon-carbon anode material
  std::span<const Term> ingredients{};  // 导电炭黑 / conductive carbon black
  std::span<const Term> effects{};      // 提高了能量密度 / increases the energy density
  std::span<const std::string_view> industries{};     // company-name trade words: 新能源科技
  std::span<const std::string_view> industries_en{};  // "Energy Systems"
  std::span<const DesignProduct> designs{};
};

std::span<const FieldVocabulary> Fields();

// Shared phrase lists (Term: zh / en).
std::span<const Term> Adjectives();            // 便于拆卸的 / detachable
std::span<const Term> Preprocessing();         // 归一化处理 / normalization
std::span<const Term> PreprocessingDetails();  // 小波变换 / wavelet transform
std::span<const Term> Optimizers();            // 粒子群算法 / particle swarm optimization
std::span<const Term> Terminals();             // 云端服务器 / a cloud server
std::span<const Term> Positions();             // 顶部 / on the top of
std::span<const Term> Connections();           // 固定连接 / fixedly connected to
std::span<const Term> Fillers();               // 密封圈 / sealing ring
std::span<const Term> CommonMaterials();       // 铝合金 / aluminium alloy
std::span<const Term> Dimensions();            // 厚度 / thickness
std::span<const Term> Processes();             // 干燥 / drying
std::span<const Term> Problems();              // 精度低 / low accuracy
std::span<const Term> GeneralEffects();        // 结构简单 / has a simple structure
std::span<const Term> LicenceKinds();          // 普通许可 / non-exclusive licence

// A city (or, for the four municipalities, a district) with its GB/T 2260 code.
struct City {
  std::string_view province{};        // 山东省
  std::string_view province_short{};  // 山东
  std::string_view name{};            // 济南市 (海淀区 for a district)
  std::string_view short_name{};      // 济南 (北京 for a district of Beijing)
  std::string_view code{};            // 370100
  std::string_view postcode{};        // the city's general postcode, "" when not given
  int weight = 1;                     // Shandong is weighted up: it is the demo province
};
std::span<const City> Cities();

struct UsCity {
  std::string_view city{};
  std::string_view state{};
};
std::span<const UsCity> UsCities();

// Chinese names: surnames (most common first) and given-name characters.
std::span<const std::string_view> Surnames();
std::span<const std::string_view> GivenNameCharacters();
// Company names: 字号 characters, legal-form suffixes.
std::span<const std::string_view> TradeNameCharacters();
std::span<const std::string_view> CompanySuffixes();
// University and institute names: an invented epithet and the kind of school.
std::span<const std::string_view> Epithets();
std::span<const std::string_view> UniversityKinds();
std::span<const std::string_view> InstituteKinds();
std::span<const std::string_view> Roads();
// Invented lenders for pledge registrations.
std::span<const std::string_view> Banks();

// English names.
std::span<const std::string_view> EnglishFirstNames();
std::span<const std::string_view> EnglishLastNames();
std::span<const std::string_view> EnglishNameStems();  // "North", "Silver" …
std::span<const std::string_view> EnglishNameRoots();  // "gate", "field" …

}  // namespace iphub::patents::demo
