// Which changes a citizen hears about, what the message says, and when a failed delivery is tried again.
#include <doctest/doctest.h>

#include "core/notification.hpp"
#include "tests/support/builders.hpp"

using namespace motcua;
using namespace std::chrono_literals;
using test::instant;

namespace {

core::Dossier with_event(core::EventType type, std::string email = "ngoc@example.vn", std::string phone = "0903123456") {
    core::Dossier d;
    d.code = "000.21.40.H56-260310-0007";
    d.applicant.email = std::move(email);
    d.applicant.phone = std::move(phone);
    d.due_at = instant("2026-03-13T16:30:00+07:00");
    core::DossierEvent e;
    e.type = type;
    e.at = instant("2026-03-10T09:00:00+07:00");
    e.items = {"Bản sao giấy khai sinh", "Ảnh 4x6"};
    e.reason = "Thiếu giấy tờ";
    e.new_due_at = instant("2026-03-20T10:00:00+07:00");
    d.timeline.push_back(e);
    return d;
}

core::OutboxEntry entry_of(const core::Dossier& d, std::size_t i) {
    core::OutboxEntry e;
    e.dossier_code = d.code;
    e.message = core::notifications_for(d).at(i);
    return e;
}

}  // namespace

TEST_CASE("receipt, supplementation, apology and result each give one message per contact the citizen gave") {
    for (const auto type : {core::EventType::receive, core::EventType::request_supplement, core::EventType::apologize,
                            core::EventType::result_ready}) {
        const auto n = core::notifications_for(with_event(type));
        REQUIRE(n.size() == 2);
        CHECK(n[0].medium == core::Medium::email);
        CHECK(n[1].medium == core::Medium::sms);
        CHECK(n[1].recipient == "0903123456");
    }
    CHECK(core::notifications_for(with_event(core::EventType::receive, "")).size() == 1);
    CHECK(core::notifications_for(with_event(core::EventType::receive, "", "")).empty());
}

TEST_CASE("internal steps send the citizen nothing") {
    for (const auto type : {core::EventType::handover, core::EventType::consult, core::EventType::pause,
                            core::EventType::resume, core::EventType::return_result, core::EventType::retime,
                            core::EventType::supplement_received})
        CHECK(core::notifications_for(with_event(type)).empty());
}

TEST_CASE("the receipt message gives the appointment in the citizen's time, dd/mm/yyyy") {
    const auto m = core::render(entry_of(with_event(core::EventType::receive), 0));
    CHECK(m.subject == "Hồ sơ 000.21.40.H56-260310-0007 đã được tiếp nhận");
    CHECK(m.body.find("Hẹn trả kết quả: 16:30 ngày 13/03/2026.") != std::string::npos);
}

TEST_CASE("the supplementation message lists what to bring, and the apology gives the new date") {
    const auto supplement = core::render(entry_of(with_event(core::EventType::request_supplement), 1));
    CHECK(supplement.subject.empty());
    CHECK(supplement.body.find("Bản sao giấy khai sinh; Ảnh 4x6") != std::string::npos);
    const auto apology = core::render(entry_of(with_event(core::EventType::apologize), 0));
    CHECK(apology.body.find("10:00 ngày 20/03/2026") != std::string::npos);
    CHECK(apology.body.find("Thiếu giấy tờ") != std::string::npos);
}

TEST_CASE("a text message is cut to 320 bytes without splitting a Vietnamese character") {
    auto d = with_event(core::EventType::request_supplement);
    d.timeline.back().items.assign(40, "Giấy chứng nhận quyền sử dụng đất");
    const auto m = core::render(entry_of(d, 1));
    CHECK(m.body.size() <= 320);
    CHECK(m.body.ends_with("..."));
    // Every lead byte before the dots is followed by all its continuation bytes.
    const std::string text = m.body.substr(0, m.body.size() - 3);
    std::size_t i = 0;
    bool whole = true;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + len > text.size()) {
            whole = false;
            break;
        }
        i += len;
    }
    CHECK(whole);
}

TEST_CASE("retries wait twice as long each time up to the cap, and give up after the last attempt") {
    core::DeliveryPolicy p;
    p.max_attempts = 5;
    p.first_retry = 60s;
    p.max_wait = 200s;
    const auto t = instant("2026-03-10T09:00:00+07:00");
    CHECK(core::next_attempt(p, 1, t) == t + 60s);
    CHECK(core::next_attempt(p, 2, t) == t + 120s);
    CHECK(core::next_attempt(p, 3, t) == t + 200s);
    CHECK(core::next_attempt(p, 4, t) == t + 200s);
    CHECK_FALSE(core::next_attempt(p, 5, t).has_value());
}
