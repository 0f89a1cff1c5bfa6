using System.Globalization;
using System.Text.RegularExpressions;

namespace CognitoLite.Tests.Telemetry;

/// <summary>One sample of a scrape: `name{label="value",…} value`.</summary>
public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>The samples of a Prometheus text exposition (format 0.0.4), read as a scraper reads them.</summary>
public sealed partial class PrometheusText(string text)
{
    public IReadOnlyList<Sample> Samples { get; } = text.Split('\n')
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(Parse).ToList();

    /// <summary>The sum of the samples of this name that carry these labels (and any others): 0 when there are none.</summary>
    public double Value(string name, params (string Label, string Value)[] labels) =>
        Matching(name, labels).Sum(sample => sample.Value);

    public IEnumerable<Sample> Matching(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(sample => sample.Name == name && labels.All(l => sample.Labels.TryGetValue(l.Label, out var value) && value == l.Value));

    private static Sample Parse(string line)
    {
        var match = SampleLine().Match(line);
        Assert.True(match.Success, $"Not a sample line: {line}");
        var labels = LabelPair().Matches(match.Groups["labels"].Value)
            .ToDictionary(pair => pair.Groups["name"].Value, pair => Regex.Unescape(pair.Groups["value"].Value));
        return new Sample(match.Groups["name"].Value, labels, Number(match.Groups["value"].Value));
    }

    private static double Number(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(""""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(?:[^"\\]|\\.)*)"""")]
    private static partial Regex LabelPair();
}
