// Click family: find the right thing by its text and click it.
#include "sim/expert.h"
#include "sim/layout.h"
#include "sim/task.h"
#include "sim/vocab.h"

namespace hemu {
namespace {

// "Click the button labelled X": 3-8 buttons with distinct captions in a few rows; clicking any
// button ends the episode (+1 for the right one, -1 for another).
class ClickButtonTask : public BasicTask {
 public:
  ClickButtonTask()
      : BasicTask({"click_button", "click", "Click the button with the given label among several", 6, 30, {640, 480}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    int count = rng.uniform_int(3, 8);
    auto captions = vocab::distinct(rng, vocab::verbs(), count);
    target_ = rng.uniform_int(0, count - 1);
    Window* w = desktop.create_window("main", vocab::capitalise(rng.pick(vocab::words())) + " actions", {300, 200});
    Layout l(desktop, w->content(), rng);
    if (rng.chance(0.6)) l.add<Label>("intro", vocab::sentence(rng, rng.uniform_int(3, 6)), TextRole::kMuted);
    int per_row = rng.uniform_int(1, 4);
    for (int i = 0; i < count; ++i) {
      auto make = [&](auto&&... a) { return i % per_row == 0 ? l.add<Button>(a...) : l.add_inline<Button>(a...); };
      Button* b = make("button_" + std::to_string(i), captions[size_t(i)]);
      b->on_click = [this, i] { clicked_ = i; };
      buttons_.push_back(b);
    }
    w->set_client_size(l.size());
    instruction_ = "Click the \"" + captions[size_t(target_)] + "\" button.";
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (clicked_ < 0) return {final, 0.0, "no button clicked"};
    if (clicked_ == target_) return {true, 1.0, "clicked the right button"};
    return {true, -1.0, "clicked '" + buttons_[size_t(clicked_)]->text() + "' instead of '" +
                            buttons_[size_t(target_)]->text() + "'"};
  }

  Action expert_action(Desktop& desktop) override { return expert::click(desktop, buttons_[size_t(target_)]); }

 private:
  std::vector<Button*> buttons_;
  int target_ = 0;
  int clicked_ = -1;
};

}  // namespace

void register_click_tasks(std::vector<TaskEntry>& out) { out.push_back(make_task_entry<ClickButtonTask>()); }

}  // namespace hemu
