using QRCoder;

namespace Occupancy.Api.Checkin;

/// <summary>A token as a QR code, drawn on the server (no script on the page needed): SVG for the screen, PNG for print and tests.</summary>
public static class QrImages
{
    /// <summary>Quartile error correction: a code on a scratched phone screen or a creased slip still reads.</summary>
    private static QRCodeData Data(string text) => QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.Q);

    public static string Svg(string text) => new SvgQRCode(Data(text)).GetGraphic(8);

    public static byte[] Png(string text) => new PngByteQRCode(Data(text)).GetGraphic(8);
}
