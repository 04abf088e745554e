// GET the URL given as the only argument with .NET's default HttpClient (proxy from HTTPS_PROXY,
// trust from the system store / SSL_CERT_FILE) and print the body, or "DOTNET-FAIL reason".
try
{
    using var client = new HttpClient();
    Console.Write(await client.GetStringAsync(new Uri(args[0])).ConfigureAwait(false));
    return 0;
}
catch (HttpRequestException e)
{
    Console.WriteLine($"DOTNET-FAIL {e.Message} {e.InnerException?.Message}");
    return 1;
}
