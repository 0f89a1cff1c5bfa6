using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CognitoLite.Core.Api;

/// <summary>The JSON conventions of the AWS JSON 1.1 protocol, shared by the wire and by JSON columns.</summary>
public static class CognitoJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = null,
            PropertyNameCaseInsensitive = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.Strict,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            RespectNullableAnnotations = false,
            // Messages are read by people: keep quotes and apostrophes readable.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new EpochSecondsConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Timestamps travel as epoch seconds, fractional allowed (spec/protocol.md §1).</summary>
    private sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.Number) throw new JsonException("Expected a timestamp in epoch seconds.");
            var seconds = reader.GetDouble();
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
        {
            var ms = value.ToUnixTimeMilliseconds();
            if (ms % 1000 == 0) writer.WriteNumberValue(ms / 1000);
            else writer.WriteRawValue((ms / 1000.0).ToString("0.###", CultureInfo.InvariantCulture));
        }
    }
}
