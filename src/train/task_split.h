// Which embedded tasks the brain trains on and which it never sees (generalisation is measured on
// those). Each held-out task has trained siblings that share its skills but not its screens or
// wording: click_link (click_button, click_menu_item), click_tab (click_menu_item, login_navigate),
// type_password (type_text, form_five_fields), email_delete (email_open, email_star),
// scroll_find_click (scroll_list_find). Evaluation seeds are below kFirstTrainingSeed.
#pragma once

#include <string>
#include <vector>

namespace hemu {

const std::vector<std::string>& held_out_tasks();
// Every registered task that is not held out.
std::vector<std::string> training_tasks();
bool is_held_out_task(const std::string& task);

}  // namespace hemu
