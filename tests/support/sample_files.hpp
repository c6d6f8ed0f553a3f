#pragma once
// Small files of each kind, as bytes, for the digitisation tests: real signatures that libmagic recognises.
#include <fstream>
#include <string>

namespace motcua::test {

inline std::string sample_pdf(const std::string& text = "scan") {
    return "%PDF-1.4\n1 0 obj<</Title (" + text + ")>>endobj\ntrailer<<>>\n%%EOF\n";
}

inline std::string sample_png() {
    return std::string("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde",
                       33);
}

inline std::string sample_jpeg() {
    return std::string("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9", 22);
}

/// The first 64 KiB of a real ELF executable on this machine (the test program itself).
inline std::string sample_executable() {
    // Only the first 64 KiB: the test binary itself is hundreds of megabytes in the sanitizer build, and reading
    // it whole took minutes there.
    std::ifstream in("/proc/self/exe", std::ios::binary);
    std::string bytes(64 * 1024, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return bytes;
}

}  // namespace motcua::test
