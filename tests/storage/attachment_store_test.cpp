// Digitisation against the real stores: SQLite records, files on disk, libmagic's content check, libsodium's hashes.
#include <filesystem>
#include <fstream>

#include <doctest/doctest.h>

#include "core/attachment_service.hpp"
#include "core/catalogue_service.hpp"
#include "http/catalogue_json.hpp"
#include "http/sodium_crypto.hpp"
#include "storage/access_log.hpp"
#include "storage/attachment_store.hpp"
#include "storage/audit_log.hpp"
#include "storage/backup.hpp"
#include "storage/catalogue_store.hpp"
#include "storage/dossier_store.hpp"
#include "storage/file_store.hpp"
#include "storage/magic_sniffer.hpp"
#include "tests/storage/storage_test_support.hpp"
#include "tests/support/fixed_clock.hpp"
#include "tests/support/sample_files.hpp"

using namespace motcua;
using test::instant;

namespace {

constexpr const char* kWard = "000.21.40.H56";
constexpr const char* kOtherWard = "000.22.40.H56";

struct Fixture {
    test::TempDatabase tmp;
    test::FixedClock clock{instant("2026-03-10T09:00:00+07:00")};
    storage::SqliteCatalogueStore catalogue{tmp.db()};
    storage::SqliteDossierStore dossiers{tmp.db()};
    storage::SqliteAttachmentStore records{tmp.db()};
    storage::SqliteAccessLog access_log{tmp.db()};
    storage::DiskFileStore files{tmp.dir() / "test.db.files"};  // default_files_dir of the SQLite file
    storage::MagicSniffer sniffer;
    http::SodiumCrypto crypto;
    core::DigitisationPolicy policy;
    core::AttachmentService service{catalogue, dossiers, records, files, sniffer, crypto, access_log, clock, policy};
    core::DeadlineEngine engine = test::engine(2025, 2028);
    core::Procedure procedure;
    core::User clerk{1, "clerk.a", "", core::Role::clerk, kWard, true};
    core::User other_clerk{2, "clerk.b", "", core::Role::clerk, kOtherWard, true};

    Fixture() {
        core::CatalogueService cs(catalogue, clock);
        REQUIRE(cs.import(http::demo_catalogue(), "test").has_value());
        for (const auto& p : catalogue.procedures())
            if (p.agency == kWard && p.components.size() >= 2) {
                procedure = p;
                break;
            }
        REQUIRE_FALSE(procedure.code.empty());
        REQUIRE(catalogue.agency(kOtherWard).has_value());
    }

    core::Dossier receive(const char* id_number = "079190004321", const char* at = "2026-03-10T09:00:00+07:00") {
        core::Dossier d;
        d.agency = kWard;
        d.lookup_key = "ABCDEFGHJK";
        d.applicant = {"Trần Thị Bích Ngọc", id_number, "0903123456", "", "12 Đường Số 5", std::nullopt};
        d.received_by = "clerk.a";
        d.received_at = instant(at);
        return dossiers.insert_received(*core::start_dossier(d, procedure, engine),
                                        core::AuditRecord{clock.now(), "clerk.a", "dossier.received", "", {}});
    }

    std::string c1() const { return procedure.components[0].id; }
    std::string c2() const { return procedure.components[1].id; }
};

core::Upload upload(const std::string& bytes, const char* name) { return core::Upload{bytes, name}; }

}  // namespace

TEST_CASE("a scan attached to a component is stored under its SHA-256 and recorded with its sniffed type") {
    Fixture f;
    const auto d = f.receive();
    const std::string pdf = test::sample_pdf();
    auto a = f.service.attach_as(d.code, f.c1(), upload(pdf, "giay-to.pdf"), f.clerk);
    REQUIRE(a.has_value());
    CHECK(a->content_type == "application/pdf");
    CHECK(a->size == static_cast<std::int64_t>(pdf.size()));
    CHECK(a->sha256 == f.crypto.digest(pdf));
    CHECK(std::filesystem::exists(f.files.path_of(a->sha256)));
    CHECK(f.files.get(a->sha256) == pdf);
    const auto listed = f.records.attachments(d.code);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].file_name == "giay-to.pdf");
    CHECK(listed[0].component_id == f.c1());
    CHECK(storage::verify_audit(f.tmp.db()).first_bad_id == std::nullopt);
}

TEST_CASE("identical content attached twice is stored once and recorded twice") {
    Fixture f;
    const auto d = f.receive();
    const std::string png = test::sample_png();
    REQUIRE(f.service.attach_as(d.code, f.c1(), upload(png, "a.png"), f.clerk).has_value());
    REQUIRE(f.service.attach_as(d.code, f.c2(), upload(png, "b.png"), f.clerk).has_value());
    CHECK(f.records.attachments(d.code).size() == 2);
    CHECK(storage::stored_files(f.tmp.db()).size() == 1);
}

TEST_CASE("the content decides the type: a renamed executable or a script is refused, a JPEG named .pdf is a JPEG") {
    Fixture f;
    const auto d = f.receive();
    const std::string exe = test::sample_executable();
    auto refused = f.service.attach_as(d.code, f.c1(), upload(exe, "scan.pdf"), f.clerk);
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().code == "unsupported_file_type");
    CHECK(refused.error().field == "file");
    auto script = f.service.attach_as(d.code, f.c1(), upload("#!/bin/sh\nrm -rf /\n", "scan.png"), f.clerk);
    REQUIRE_FALSE(script.has_value());
    CHECK(script.error().code == "unsupported_file_type");
    auto jpeg = f.service.attach_as(d.code, f.c1(), upload(test::sample_jpeg(), "scan.pdf"), f.clerk);
    REQUIRE(jpeg.has_value());
    CHECK(jpeg->content_type == "image/jpeg");
    CHECK(storage::stored_files(f.tmp.db()).size() == 1);  // nothing of the refused files was kept
}

TEST_CASE("files above the size limit and empty files are refused before anything is stored") {
    Fixture f;
    f.policy.max_file_bytes = 100;
    core::AttachmentService small{f.catalogue, f.dossiers, f.records, f.files, f.sniffer, f.crypto,
                                  f.access_log, f.clock,   f.policy};
    const auto d = f.receive();
    auto big = small.attach_as(d.code, f.c1(), upload(test::sample_pdf(std::string(200, 'x')), "big.pdf"), f.clerk);
    REQUIRE_FALSE(big.has_value());
    CHECK(big.error().code == "file_too_large");
    auto empty = small.attach_as(d.code, f.c1(), upload("", "empty.pdf"), f.clerk);
    REQUIRE_FALSE(empty.has_value());
    CHECK(empty.error().code == "empty_file");
    CHECK(storage::stored_files(f.tmp.db()).empty());
    CHECK_FALSE(std::filesystem::exists(f.files.dir()));
}

TEST_CASE("another agency's clerk can neither attach to, list nor download a dossier's files") {
    Fixture f;
    const auto d = f.receive();
    auto a = f.service.attach_as(d.code, f.c1(), upload(test::sample_pdf(), "a.pdf"), f.clerk);
    REQUIRE(a.has_value());
    CHECK(f.service.attach_as(d.code, f.c1(), upload(test::sample_pdf(), "b.pdf"), f.other_clerk).error().code ==
          "dossier_not_found");
    CHECK(f.service.files(d.code, f.other_clerk).error().code == "dossier_not_found");
    CHECK(f.service.download(d.code, a->id, f.other_clerk).error().code == "dossier_not_found");
    auto mine = f.service.download(d.code, a->id, f.clerk);
    REQUIRE(mine.has_value());
    CHECK(mine->bytes == test::sample_pdf());
}

TEST_CASE("a file is downloaded only through its own dossier") {
    Fixture f;
    const auto d1 = f.receive();
    const auto d2 = f.receive("079190009999");
    auto a = f.service.attach_as(d1.code, f.c1(), upload(test::sample_pdf(), "a.pdf"), f.clerk);
    REQUIRE(a.has_value());
    CHECK(f.service.download(d2.code, a->id, f.clerk).error().code == "attachment_not_found");
}

TEST_CASE("a component is marked digitised only with a file, and a certified copy only when digitised") {
    Fixture f;
    const auto d = f.receive();
    CHECK(f.service.mark(d.code, f.c1(), true, false, f.clerk).error().code == "no_file");
    REQUIRE(f.service.attach_as(d.code, f.c1(), upload(test::sample_pdf(), "a.pdf"), f.clerk).has_value());
    CHECK(f.service.mark(d.code, f.c1(), false, true, f.clerk).error().code == "certified_copy_not_digitised");
    CHECK(f.service.mark(d.code, "no-such-component", true, false, f.clerk).error().code == "unknown_component");
    auto m = f.service.mark(d.code, f.c1(), true, true, f.clerk);
    REQUIRE(m.has_value());
    const auto marks = f.records.marks(d.code);
    REQUIRE(marks.size() == 1);
    CHECK(marks[0].digitised);
    CHECK(marks[0].certified_copy);
    CHECK_FALSE(marks[0].reused);
}

TEST_CASE("the same applicant's digitised component is reused on a later dossier and the reuse shows on both") {
    Fixture f;
    const auto first = f.receive();
    auto scan = f.service.attach_as(first.code, f.c1(), upload(test::sample_pdf(), "cccd.pdf"), f.clerk);
    REQUIRE(scan.has_value());
    REQUIRE(f.service.mark(first.code, f.c1(), true, true, f.clerk).has_value());
    const auto stranger = f.receive("079190000001");
    f.clock.advance(std::chrono::hours(24));
    const auto second = f.receive("079190004321", "2026-03-11T09:00:00+07:00");

    CHECK(f.service.reusable(stranger.code, f.clerk)->empty());  // another applicant sees nothing
    auto candidates = f.service.reusable(second.code, f.clerk);
    REQUIRE(candidates.has_value());
    REQUIRE(candidates->size() == 1);
    CHECK(candidates->front().attachment.id == scan->id);
    CHECK(f.service.reusable(second.code, f.other_clerk).error().code == "dossier_not_found");

    auto reused = f.service.reuse(second.code, f.c2(), scan->id, f.clerk);
    REQUIRE(reused.has_value());
    CHECK(reused->sha256 == scan->sha256);
    CHECK(reused->reused_from_dossier == first.code);
    const auto marks = f.records.marks(second.code);
    REQUIRE(marks.size() == 1);
    CHECK(marks[0].component_id == f.c2());
    CHECK(marks[0].digitised);
    CHECK(marks[0].reused);
    CHECK(marks[0].certified_copy);  // the source was an electronic certified copy
    // The source dossier records who reused it.
    const auto source_files = f.records.attachments(first.code);
    REQUIRE(source_files.size() == 1);
    CHECK(source_files[0].reused_by == std::vector<std::string>{second.code});
    CHECK(storage::stored_files(f.tmp.db()).size() == 1);
    // A file not among the applicant's candidates cannot be reused.
    auto other_scan = f.service.attach_as(stranger.code, f.c1(), upload(test::sample_png(), "x.png"), f.clerk);
    REQUIRE(other_scan.has_value());
    CHECK(f.service.reuse(second.code, f.c1(), other_scan->id, f.clerk).error().code == "attachment_not_found");
}

TEST_CASE("a component without the digitised mark is not offered for reuse") {
    Fixture f;
    const auto first = f.receive();
    REQUIRE(f.service.attach_as(first.code, f.c1(), upload(test::sample_pdf(), "a.pdf"), f.clerk).has_value());
    const auto second = f.receive();
    CHECK(f.service.reusable(second.code, f.clerk)->empty());
}

TEST_CASE("verification finds a stored file that went missing or whose content changed") {
    Fixture f;
    const auto d = f.receive();
    auto pdf = f.service.attach_as(d.code, f.c1(), upload(test::sample_pdf(), "a.pdf"), f.clerk);
    auto png = f.service.attach_as(d.code, f.c2(), upload(test::sample_png(), "b.png"), f.clerk);
    REQUIRE((pdf && png));
    CHECK(storage::verify_files(f.tmp.db(), f.files.dir()).intact());
    {
        std::ofstream out(f.files.path_of(pdf->sha256), std::ios::binary | std::ios::app);
        out << "tampered";
    }
    std::filesystem::remove(f.files.path_of(png->sha256));
    const auto report = storage::verify_files(f.tmp.db(), f.files.dir());
    CHECK(report.files == 2);
    CHECK(report.damaged == std::vector<std::string>{pdf->sha256});
    CHECK(report.missing == std::vector<std::string>{png->sha256});
}

TEST_CASE("a backup copies every file the database copy records, each checked against its hash" *
          doctest::test_suite("sqlite-only")) {  // `motcua backup` is SQLite's; PostgreSQL has pg_dump (docs/deployment.md)
    Fixture f;
    const auto d = f.receive();
    auto pdf = f.service.attach_as(d.code, f.c1(), upload(test::sample_pdf(), "a.pdf"), f.clerk);
    REQUIRE(pdf.has_value());
    const std::string copy = f.tmp.path() + ".backup";
    const auto copy_files = storage::default_files_dir(copy);
    storage::backup(f.tmp.db(), copy);
    const auto report = storage::backup_files(copy, f.files.dir(), copy_files);
    CHECK(report.intact());
    CHECK(report.files == 1);
    storage::Database restored(copy);
    CHECK(storage::verify_files(restored, copy_files).intact());
    CHECK(storage::sha256_of_file(storage::DiskFileStore(copy_files).path_of(pdf->sha256)) == pdf->sha256);
    std::filesystem::remove_all(copy_files);
    std::filesystem::remove(copy);
}
