#pragma once
// Per-day counters behind the Decision 766 counts report (decision 0039, schema 0025): the figures of Counts766 that
// come from dossiers, component marks, electronic results, fee lines and payments, summed over the days of a period
// instead of read from every dossier of it (decision 0024 did the same for II.06a).
//
// Each dossier adds a few marks under its (receiving agency, resolving agency, procedure), each on one office-time
// day, with the exact period rules of the per-dossier queries they replace (storage keeps those as the tests' oracle):
//
//   receipt day        received_<channel>, served_<mode>    received by a clerk: status not 1 or 3, and not a status-5
//                                                           online submission waiting for its supplement
//   submission day     submissions_waiting / _refused       online submission no clerk received (refused: status 3)
//   receipt day        digitised, digitised_with_electronic_result, certified_copies, reused   (status not 1)
//   result-ready day   results_requiring_document, electronic_results   (status not 1, the procedure issues a document)
//   receipt day        fee_data_dossiers (fee lines recorded), fee_dossiers (lines ask more than 0)
//   payment day        online_payments, paid_online_amount  (every online payment not reversed)
//
// and, for a fee dossier with an online payment not reversed, one "paid" mark on (receipt day, day of its first such
// payment): the report counts it as paid online in [F, T] when its receipt day is in [F, T] and its payment day is
// not after T. A reversal cancels a payment whenever it is recorded, as in the per-dossier query; storage takes a
// dossier's marks out before any write that changes its facts and puts the new ones in after it, in the write's
// transaction. All figures of a period [F, T] are then sums over the days F..T of a table that grows with days ×
// agencies × procedures.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.hpp"
#include "core/counts766.hpp"
#include "core/dossier.hpp"
#include "core/reports.hpp"
#include "core/time.hpp"

namespace motcua::core {

/// The per-day counters, in the column order of table counts766_day.
enum class Count766 : std::size_t {
    received_direct,
    received_online,
    received_postal,
    served_counter,
    served_online_self,
    served_online_volunteer,
    served_home_visit,
    submissions_waiting,
    submissions_refused,
    digitised,
    digitised_with_electronic_result,
    certified_copies,
    reused,
    results_requiring_document,
    electronic_results,
    fee_data_dossiers,   ///< received, with at least one fee line (exempted ones included)
    fee_dossiers,        ///< received, whose lines ask more than 0 after exemptions
    online_payments,     ///< online payments made that day, not reversed
    paid_online_amount,  ///< their amount, VND
};
inline constexpr std::size_t kCounts766 = 19;
using Counts766Columns = std::array<std::int64_t, kCounts766>;
[[nodiscard]] const char* to_string(Count766 c) noexcept;

/// What the 766 counters need to know of one stored dossier (storage reads it before and after each write).
struct Counts766Facts {
    std::string agency;  ///< receiving agency
    std::string resolving_agency;
    std::string procedure_code;
    Channel channel = Channel::direct;
    ServiceMode service_mode = ServiceMode::counter;
    DossierStatus status = DossierStatus::received;
    Timestamp received_at;
    std::optional<Timestamp> submitted_at;   ///< an online pre-submission
    bool received_by_clerk = true;           ///< received_by is set
    std::optional<Timestamp> result_ready_at;
    bool procedure_known = true;  ///< its procedure version is in the catalogue (digitisation reads it)
    bool result_required = true;  ///< that version issues a result document
    bool digitised = false;
    bool certified_copy = false;
    bool reused = false;
    bool electronic_result = false;
    std::int64_t fee_lines = 0;
    std::int64_t fee_due = 0;  ///< what the lines ask after exemptions
    struct OnlinePayment {
        Timestamp at;
        std::int64_t amount = 0;
    };
    std::vector<OnlinePayment> online_payments;  ///< online payments not reversed
};

/// One mark: `value` (1, or an amount) on counter `counter` of day `day`.
struct Count766Mark {
    DayNumber day;
    Count766 counter;
    std::int64_t value = 1;
};
/// A fee dossier paid online: its receipt day and the day of its first online payment not reversed.
struct PaidOnlineMark {
    DayNumber received_day;
    DayNumber paid_day;
};
struct Counts766Marks {
    std::vector<Count766Mark> days;
    std::optional<PaidOnlineMark> paid;
};

/// The office-time day of an instant.
[[nodiscard]] DayNumber office_day(Timestamp t);

/// The marks of one dossier (see the header comment).
[[nodiscard]] Counts766Marks counts766_marks(const Counts766Facts& facts);

/// The counters of one (receiving agency, procedure) of a scope summed over the days of a period, and the fee dossiers
/// received in the period and paid online by its end.
struct Counts766Sums {
    std::string agency;
    std::string procedure_code;
    Counts766Columns counts{};
    std::int64_t paid_online_dossiers = 0;
};

/// The 766 counts report from the sums, with the same rows, counts and indicators as counts_766 gives from the
/// per-dossier facts of the same period (the payment columns are added by tttt_766_from_sums through
/// add_payment_counts, from the same sums: ReportService::counts766). `sums` may hold agencies outside `scope`: they are ignored.
[[nodiscard]] Counts766Report counts_766_from_sums(ReportPeriod period, const std::vector<Agency>& scope,
                                                   const std::vector<Procedure>& procedures,
                                                   const std::vector<Counts766Sums>& sums, const Index766Rules& rules);

}  // namespace motcua::core
