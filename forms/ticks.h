// Reading boxes printed on a form: which options of a choice are ticked.
//
// A form prints a choice as boxes before its option labels, in one cell
// ("□中外合资企业 □国有企业\n□民营企业 □其他") or one cell per option. A box is
// ticked by ■ ☑ ☒ ▣ √ ✓ ✔ ✗ × x X (a mark in place of the box, or just before or
// just after it: "√□民营企业", "□√民营企业"), and left blank by □ ☐ ○ ◯.
// Symbol-font glyphs arrive here already as Unicode. A letter x or X is a mark
// only standing apart from other letters and next to a box, before a label or
// alone ("x民营企业", not "X光设备"); ● ◉ count as ticked, ▢ ◻ ⬜ as blank.
// Boxes printed after the labels ("是☑ 否□") are read as such. Pure, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ipsurvey {

struct OptionSpelling {
  std::string code;                    // "private"
  std::vector<std::string> spellings;  // "民营企业", "民营" (the first is the label)
};

enum class Mark { None, Ticked, Blank };

// The mark a glyph (one UTF-8 character) is: Ticked, Blank or None.
Mark mark_of(std::string_view glyph);

struct TickResult {
  std::vector<std::string> ticked;  // codes, in the options' order
  std::vector<std::string> blank;   // codes printed with an empty box
  bool boxes_seen = false;          // the text had any box or tick mark
  // Text written after an option whose label asks for it ("其他（请注明）___购置检测设备__"
  // gives "购置检测设备"): underscores, colons, brackets and spaces around it removed.
  std::string other_text;
  // Marks that stood before no known option label (e.g. "☑军工企业"): the text after them.
  std::vector<std::string> unknown_ticked;
};

// Reads the boxes in `text` against the options. `other_code` names the option
// whose label is followed by free text (empty when none). An option label is
// matched after label_key()-style normalisation of both sides, longest
// spelling first, so "其他（请注明）" and "其它" both find `other`.
TickResult read_ticks(std::string_view text, const std::vector<OptionSpelling>& options,
                      std::string_view other_code = {});

}  // namespace ipsurvey
