// What the decision model sees and says, as plain numbers (no torch here).
//
// Inputs per step: the instruction split into tokens, the screen's elements (class, box, state,
// text: found in pixels by the detector and reader at run time; from the sim's widget tree only when
// training), and explicit string-match features between every element and every instruction token.
// The match features are what lets the model act on words it never saw: it learns "click the
// element whose text equals the quoted phrase after 'then click'", not "click Save".
//
// Outputs: an ActionChoice (action kind, target element + offset inside it, drag destination, key,
// scroll amount, typed text as a span of the instruction or a text operator applied to a span),
// decoded to an Action in screen pixels. Targets for training are encoded from expert Actions.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/action.h"
#include "core/ui_element.h"

namespace hemu {

// ---- instruction ----
struct InstructionToken {
  std::string text;   // as written
  std::string folded; // lower case, outer punctuation dropped (as compared with element words)
  int begin = 0, end = 0;  // byte offsets in the instruction
  int quote = -1;          // index of the quoted phrase it is inside, -1 outside quotes
};
struct Instruction {
  std::string text;
  std::vector<InstructionToken> tokens;
  std::vector<std::string> quoted;  // folded quoted phrases, in order
};
Instruction tokenize_instruction(const std::string& text);
// The instruction text from token `first` to token `last` inclusive, as written.
std::string instruction_span(const Instruction& instruction, int first, int last);

// ---- model inputs ----
inline constexpr int kMaxInstructionTokens = 64;
inline constexpr int kMaxElements = 96;
inline constexpr int kElementFeatureCount = kElementClassCount + 4 /*states*/ + 6 /*box*/ + 3 /*text*/;
// Match channels between element text and an instruction token (see decision_features.cc): word
// equal, quote equal, phrase contained, best word similarity, whole-text similarity, and the order
// of the element's text against the token (numbers by value, quoted phrases alphabetically: a
// sorted list shows which way to scroll, a slider's value label which way to move), numbers equal.
inline constexpr int kMatchChannels = 8;
// Three texts per element: its own, its label (the nearest static text to its left or above), and
// its line (every static text to its left on the same line: the row a button acts on).
inline constexpr int kPairChannels = 3 * kMatchChannels;
// in quotes, is number, first-of-quote, position, and what the screen shows of the token: some
// element's text equals its quoted phrase, contains it, has it as a word; (version 3) the element
// whose text equals its quoted phrase is checked or selected (that named item is done);
// (version 4) for a number token, whether the number shown on the line of the element a quoted
// phrase names (a slider's live value label beside its caption) is below, equal to or above it,
// so "Page_Up while it reads less" needs no join across elements; and whether the token names the
// focused element (a quoted or plain word of its label: which value goes into the field that has
// the focus, "enter \"Vilnius\" as City"); (version 5) whether its quoted phrase names something
// to turn off ("uncheck \"X\"", "leave \"X\" unchecked": see quote_polarity).
inline constexpr int kTokenFeatureCount = 13;
// Per element (version 3), whether the instruction names it and whether its state agrees: its own
// text or label equals a quoted phrase; named but not checked/selected (a box to tick, a row or
// tab to select); checked/selected but not named (a box to untick, a row to deselect). Together
// they say what "tick only A and B" or "select exactly A, B" still needs without the network
// having to join states and names across the pair tensor.
// Version 4 adds: named with a label's punctuation dropped ("Password:" names the "Password"
// field; version 3 compared the colon too); a text input the instruction names or mentions that is
// still empty (a field to fill: the confirm-password field after the first); matched by two or more
// quoted phrases through its own text or its line (the "Open" button on the row of the named
// title, the message from the named sender with the named subject).
// Version 5 reads the polarity of each quote (quote_polarity): channels 1 and 2 assume that a named
// box is wanted on, so "uncheck \"X\"" looked like "tick X". Channel 6: a check box, radio, row or
// tab named by a quote that does not ask for it off, and not on (to tick / select). Channel 7: a
// check box or row that is on and either named by a quote that asks for it off or not named at all
// (to untick / deselect).
// Version 6: channel 8 marks a remembered element (decision_memory.h): one an earlier screen of
// the episode showed and this one does not, appended after the screen's elements with no box. It
// can be copied from (kScreen), never clicked.
// Version 7: channel 9, a field (text input or dropdown) whose label, a parenthesised part such as a date
// format dropped, the instruction names in quotes or mentions in plain words, filled or not ("as
// the Check-in date" next to "Check-in date (MM/DD/YYYY):"; channel 4 asks for an empty field,
// and a placeholder reads as text).
inline constexpr int kElementIntentCount = 10;
inline constexpr int kRememberedIntent = 8;
inline constexpr int kMentionedFieldIntent = 9;
// Version of the inputs above. Versions 1-6 (subsets) still load: the network reads what it
// was trained on (token_feature_count, element_intent_count, text_source_count); models before
// version 6 are never given remembered elements.
inline constexpr int kDecisionFeatureVersion = 7;
// Token features and element intent channels a model of `feature_version` reads (the first ones).
int token_feature_count(int feature_version);
int element_intent_count(int feature_version);

struct DecisionInput {
  Instruction instruction;
  std::vector<UiElement> elements;  // at most kMaxElements, reading order
  Size screen;
  // [token][kTokenFeatureCount]
  std::vector<std::array<float, kTokenFeatureCount>> token_features;
  // [element][kElementFeatureCount]
  std::vector<std::array<float, kElementFeatureCount>> element_features;
  // [element][kElementIntentCount] (version 3)
  std::vector<std::array<float, kElementIntentCount>> element_intent;
  // [element][token][kPairChannels]
  std::vector<float> pair_features;
  // Hashed character trigrams per token and per element text, for the learned text embedding.
  std::vector<std::vector<int>> token_ngrams, element_ngrams;
  // Episode memory the screen does not show (set_history): per element, how often earlier
  // actions targeted it and whether the last one did; the kind of the last action.
  std::vector<std::array<float, 2>> element_history;
  int previous_kind = -1;  // ChoiceKind of the last action, -1 at the first step
  // (version 6) How many of `elements` (the last ones) are remembered from earlier screens
  // (add_remembered): empty boxes, for copying only.
  int remembered = 0;
  // Run time only: elements whose click/scroll/drag the agent's loop saw change nothing on this
  // very screen. The pointer heads skip them, so a retry chooses differently (not a model input).
  std::vector<int> avoid_elements;
};
inline constexpr int kElementHistoryCount = 2;
inline constexpr int kNgramBuckets = 4096;

DecisionInput make_decision_input(const std::string& instruction, std::vector<UiElement> elements, Size screen);
// Whether element `i` of `input` is on the screen (not remembered from an earlier one).
inline bool on_screen(const DecisionInput& input, int i) {
  return i >= 0 && i < int(input.elements.size()) - input.remembered;
}

// Building blocks of make_decision_input, shared with add_remembered (decision_memory.cc).
std::array<float, kElementFeatureCount> element_feature_row(const UiElement& e, Size screen);
// The match channels of `text` against every token, into out[t * stride + offset + c].
void text_match_channels(const std::string& text, const Instruction& instruction, float* out, int stride, int offset);
std::vector<int> element_text_ngrams(const std::string& text);
// Element text as compared with instruction words (folded, cell bars and runs of spaces dropped),
// and the Levenshtein similarity of two such texts in [0, 1] (longer than `max_chars`: equal or not).
std::string normalised_text(std::string_view text);
float text_similarity(std::string_view a, std::string_view b, size_t max_chars = 64);
// The words of a normalised text (outer punctuation dropped), as instruction tokens are folded.
std::vector<std::string> text_words(const std::string& normalised);
// Sets intent channel kMentionedFieldIntent (version 7, decision_fields.cc); `labels[i]` is element i's label
// (-1: none).
void add_mentioned_fields(DecisionInput& input, const std::vector<int>& labels);

// Per quoted phrase of `instruction`, -1 when the words around it ask for the named thing to be off
// ("uncheck", "untick", "clear", "deselect", "unselect", "disable" or "turn off" just before it;
// "unchecked", "unticked", "off", "cleared", "disabled" or "deselected" just after it), else +1.
std::vector<int> quote_polarity(const Instruction& instruction);

// Fills element_history and previous_kind from the actions taken so far in this episode.
void set_history(DecisionInput& input, const std::vector<Action>& past);

// ---- outputs ----
enum class ChoiceKind { kClick, kDoubleClick, kRightClick, kType, kKey, kScrollUp, kScrollDown, kDrag, kDone };
inline constexpr int kChoiceKindCount = 9;
// Typed text: a span as written, or an operator applied to a span: a date in the format the screen
// shows, a 24-hour time, and (version 3) arithmetic on the numbers that open and close the span
// ("3 boxes of 12" -> 36 by kProduct, "150 equally among 3" -> 50 by kQuotient, "4" -> 5 by
// kPlusOne: "with 4 colleagues, yourself included"). The model picks the operator from context.
// (version 5) kScreen copies text from the screen: the text of the element the pointer head picks
// (ActionChoice::element; a type action has no pointer target otherwise), as the parser read it: a
// reply quoting an order's total or shipping status, a customer's name read on a ticket.
enum class TextSource { kSpan, kDate, kTime24, kSum, kProduct, kQuotient, kPlusOne, kScreen };
inline constexpr int kTextSourceCount = 8;
// Text sources per input version (versions 1 and 2 knew the first 4; kSum was never produced;
// versions 3 and 4 the first 7).
int text_source_count(int feature_version);
inline constexpr int kModifierCount = 3;      // none, ctrl, shift
inline constexpr int kMaxScrollNotches = 10;  // scroll amounts 1..10

// The keys the model can press (index = class).
const std::vector<std::string>& decision_keys();

struct ActionChoice {
  ChoiceKind kind = ChoiceKind::kDone;
  int element = -1;              // click/scroll/drag start target
  float offset_x = 0.5f, offset_y = 0.5f;  // point inside the element, fraction of its box
  int modifier = 0;
  int drag_element = -1;         // drag destination
  float drag_offset_x = 0.5f, drag_offset_y = 0.5f;
  int key = -1;                  // decision_keys() index
  int scroll_notches = 1;        // 1..kMaxScrollNotches
  TextSource text_source = TextSource::kSpan;  // kScreen: the text of `element`
  int span_first = -1, span_last = -1;  // instruction tokens
  // Extra context for text operators (e.g. the date format a field shows), from the screen.
  std::string format_hint;
};

// Expert action -> training target, or nullopt when the action cannot be expressed (the reason in
// `why`: typed text that is no span/operator of the instruction, a click outside every element...).
std::optional<ActionChoice> encode_action(const DecisionInput& input, const Action& action, std::string* why);

// Model choice -> Action in screen pixels; kInvalidArgument when the choice points at nothing.
Result<Action> decode_choice(const DecisionInput& input, const ActionChoice& choice);

// Text operators: the typed text for a source applied to an instruction span (kScreen: the span is
// the copied element's text, returned as it is).
std::optional<std::string> apply_text_source(TextSource source, const std::string& span, const std::string& hint);

// The element whose text a typed `text` copies (kScreen): equal after normalisation, else the most
// similar text of at least 8 characters with similarity >= 0.85 (a parser's misread characters),
// else one whose text contains it (a table row is one element: the expert types the cell, the
// model copies the row; a selected element first, then the shortest); -1 when there is none.
int copied_element(const DecisionInput& input, const std::string& text);

}  // namespace hemu
