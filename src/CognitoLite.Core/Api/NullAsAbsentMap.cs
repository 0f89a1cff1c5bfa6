using System.Text.Json;
using System.Text.Json.Serialization;

namespace CognitoLite.Core.Api;

/// <summary>
/// A string map whose null values are read as absent, for AuthParameters and ChallengeResponses: amazon-cognito-identity-js
/// answers PASSWORD_VERIFIER again with `"DEVICE_KEY": null` when Cognito said its device does not exist, and Cognito takes
/// that as no key (spec/devices-passkeys-security.md §1). Any other value must be a string.
/// </summary>
public sealed class NullAsAbsentMap : JsonConverter<Dictionary<string, string>>
{
    public override Dictionary<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("The JSON value could not be converted to a map.");
        var map = new Dictionary<string, string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null) continue;
            if (reader.TokenType != JsonTokenType.String) throw new JsonException("The JSON value could not be converted to System.String.");
            map[key] = reader.GetString()!;
        }
        return map;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, text) in value) writer.WriteString(key, text);
        writer.WriteEndObject();
    }
}
