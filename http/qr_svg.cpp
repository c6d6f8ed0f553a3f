#include "http/qr_svg.hpp"

#include <qrencode.h>

#include <memory>
#include <stdexcept>

namespace motcua::http {
namespace {

constexpr int kQuietZone = 4;  // modules of white around the symbol (ISO/IEC 18004)

struct QrFree {
    void operator()(QRcode* code) const noexcept { QRcode_free(code); }
};

// Unreserved characters (RFC 3986) pass; everything else is %XX.
std::string percent_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0x0F];
        }
    }
    return out;
}

}  // namespace

std::string qr_svg(std::string_view text, int module_px) {
    const std::unique_ptr<QRcode, QrFree> code(
        QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0,
                          QR_ECLEVEL_M));
    if (!code) throw std::runtime_error("libqrencode could not encode a text of " + std::to_string(text.size()) +
                                        " bytes");
    const int width = code->width;
    const int side = width + 2 * kQuietZone;
    std::string path;
    path.reserve(static_cast<std::size_t>(width * width) * 4);
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width; ++x) {
            // Bit 0 of each byte is the module's colour (1 = dark); the other bits describe its role.
            if ((code->data[y * width + x] & 1) == 0) continue;
            path += 'M' + std::to_string(x + kQuietZone) + ' ' + std::to_string(y + kQuietZone) + "h1v1h-1z";
        }
    }
    const std::string px = std::to_string(side * module_px);
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px +
           "\" height=\"" + px + "\" viewBox=\"0 0 " + std::to_string(side) + ' ' + std::to_string(side) +
           "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>" +
           "<path fill=\"#000\" d=\"" +
           path + "\"/></svg>\n";
}

std::string lookup_url(std::string_view public_base, std::string_view code, std::string_view key) {
    return std::string(public_base) + "/lookup.html?code=" + percent_encode(code) + "&key=" + percent_encode(key);
}

}  // namespace motcua::http
