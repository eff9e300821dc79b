using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace JitDashboard.Platform.Arm;

/// <summary>Builds the HTTP handler under the ARM pipeline.</summary>
public static class TrustedCertificateHandler
{
    /// <summary>
    /// Trusts exactly <paramref name="trusted"/> (byte-for-byte), and otherwise only certificates that pass
    /// the platform's validation; with no certificate, the platform's validation alone.
    /// </summary>
    public static HttpMessageHandler Create(X509Certificate2? trusted)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        };
        if (trusted is not null)
        {
            var raw = trusted.RawData;
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    errors == SslPolicyErrors.None || IsSame(certificate, raw),
            };
        }

        return handler;
    }

    internal static bool IsSame(X509Certificate? presented, byte[] trustedRaw)
        => presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(trustedRaw);

    /// <summary>Loads a PEM (or DER) certificate file, public part only.</summary>
    public static X509Certificate2 LoadCertificateFile(string path)
    {
        var text = File.ReadAllText(path);
        return text.Contains("-----BEGIN", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromPem(text)
            : X509CertificateLoader.LoadCertificateFromFile(path);
    }
}
