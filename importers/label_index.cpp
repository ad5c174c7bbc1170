#include "importers/label_index.h"

#include "forms/text_normalize.h"

namespace ipsurvey::importers {

const LabelIndex& LabelIndex::instance() {
  static const LabelIndex index;
  return index;
}

LabelIndex::LabelIndex() {
  auto add = [&](const std::string& key, LabelHit hit) {
    if (key.empty()) return;
    auto& hits = by_key_[key];
    for (const auto& h : hits)
      if (h.kind == hit.kind && h.field == hit.field && h.table == hit.table && h.option == hit.option) return;
    hits.push_back(std::move(hit));
  };
  for (const auto& form : form_definitions()) {
    for (const auto& k : form.title_keys) add(k, LabelHit{LabelHit::Kind::Title, &form, nullptr, nullptr, {}});
    for (const auto& s : form.sections)
      for (const auto& k : s.label_keys) add(k, LabelHit{LabelHit::Kind::Section, &form, nullptr, nullptr, {}});
    for (const auto& f : form.fields) {
      for (const auto& k : f.label_keys) add(k, LabelHit{LabelHit::Kind::Field, &form, &f, nullptr, {}});
      for (const auto& o : f.options)
        for (const auto& s : o.spellings)
          add(label_key(s), LabelHit{LabelHit::Kind::Option, &form, &f, nullptr, o.code});
    }
    for (const auto& t : form.tables) {
      for (const auto& k : t.label_keys) add(k, LabelHit{LabelHit::Kind::Table, &form, nullptr, &t, {}});
      for (const auto& c : t.columns)
        for (const auto& k : c.label_keys) add(k, LabelHit{LabelHit::Kind::Column, &form, &c, &t, {}});
    }
  }
}

const std::vector<LabelHit>* LabelIndex::find_key(const std::string& key) const {
  auto it = by_key_.find(key);
  return it == by_key_.end() ? nullptr : &it->second;
}

const std::vector<LabelHit>* LabelIndex::find_text(std::string_view text) const {
  if (text.empty() || text.size() > 300) return nullptr;
  return find_key(label_key(text));
}

bool LabelIndex::split_label_value(std::string_view text, const std::vector<LabelHit>*& hits,
                                   std::string& value) const {
  size_t colon = text.find("：");
  size_t skip = 3;
  const size_t ascii = text.find(':');
  if (ascii != std::string_view::npos && (colon == std::string_view::npos || ascii < colon)) {
    colon = ascii;
    skip = 1;
  }
  if (colon == std::string_view::npos || colon == 0 || colon > 200) return false;
  hits = find_key(label_key(text.substr(0, colon)));
  if (!hits) return false;
  bool any_field = false;
  for (const auto& h : *hits) any_field |= h.kind == LabelHit::Kind::Field;
  if (!any_field) return false;
  value = trim_text(text.substr(colon + skip));
  return true;
}

}  // namespace ipsurvey::importers
