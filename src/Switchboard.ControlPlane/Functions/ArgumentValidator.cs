using System.Globalization;
using System.Text.Json;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Switchboard.ControlPlane.Functions;

/// <summary>
/// Validates tool-call arguments against a function's schema before anything runs, and words every problem
/// so an LLM can correct its call.
/// </summary>
internal static class ArgumentValidator
{
    public const int MaxArgumentBytes = 256 * 1024;

    public static IReadOnlyList<ArgumentProblem> Validate(JsonSchema schema, JsonElement arguments)
    {
        if (arguments.ValueKind != JsonValueKind.Object)
            return [new ArgumentProblem("", "The arguments must be a JSON object.")];
        var raw = arguments.GetRawText();
        if (raw.Length > MaxArgumentBytes)
            return [new ArgumentProblem("", $"The arguments must be at most {MaxArgumentBytes / 1024} KB of JSON.")];

        var problems = new List<ArgumentProblem>();
        foreach (var error in schema.Validate(raw)) Add(error, problems);
        return problems;
    }

    private static void Add(ValidationError error, List<ArgumentProblem> problems)
    {
        var path = PathOf(error);
        problems.Add(new ArgumentProblem(path, Describe(error)));
        // For anyOf/oneOf the branch errors say what each allowed shape wanted; one level is enough.
        if (error is ChildSchemaValidationError child && problems.Count < 50)
        {
            foreach (var branch in child.Errors.Values)
            {
                foreach (var e in branch)
                {
                    var p = PathOf(e);
                    problems.Add(new ArgumentProblem(p, "(in one allowed shape) " + Describe(e)));
                }
            }
        }
    }

    private static string PathOf(ValidationError error)
    {
        var path = error.Path ?? "";
        if (path.StartsWith("#/", StringComparison.Ordinal)) path = path[2..];
        else if (path.StartsWith('#')) path = path[1..];
        if (error.Kind == ValidationErrorKind.PropertyRequired && !string.IsNullOrEmpty(error.Property)
            && !path.EndsWith(error.Property, StringComparison.Ordinal))
            path = path.Length == 0 ? error.Property : path + "." + error.Property;
        return path;
    }

    private static string Describe(ValidationError error)
    {
        var s = error.Schema;
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => "This property is required.",
            ValidationErrorKind.StringExpected => "Must be a string.",
            ValidationErrorKind.NumberExpected => "Must be a number.",
            ValidationErrorKind.IntegerExpected => "Must be an integer.",
            ValidationErrorKind.BooleanExpected => "Must be true or false.",
            ValidationErrorKind.ObjectExpected => "Must be an object.",
            ValidationErrorKind.ArrayExpected => "Must be an array.",
            ValidationErrorKind.NullExpected => "Must be null.",
            ValidationErrorKind.PatternMismatch => $"Must match the pattern {s?.Pattern}.",
            ValidationErrorKind.StringTooShort => $"Must be at least {s?.MinLength} characters long.",
            ValidationErrorKind.StringTooLong => $"Must be at most {s?.MaxLength} characters long.",
            ValidationErrorKind.NumberTooSmall => s?.ExclusiveMinimum is { } xmin ? $"Must be greater than {Num(xmin)}." : $"Must be at least {Num(s?.Minimum)}.",
            ValidationErrorKind.NumberTooBig or ValidationErrorKind.IntegerTooBig =>
                s?.ExclusiveMaximum is { } xmax ? $"Must be less than {Num(xmax)}." : $"Must be at most {Num(s?.Maximum)}.",
            ValidationErrorKind.TooManyItems => $"Must have at most {s?.MaxItems} items.",
            ValidationErrorKind.TooFewItems => $"Must have at least {s?.MinItems} items.",
            ValidationErrorKind.ItemsNotUnique => "The items must be unique.",
            ValidationErrorKind.NotInEnumeration =>
                "Must be one of: " + string.Join(", ", s?.Enumeration.Select(v => JsonSerializer.Serialize(v)) ?? []) + ".",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => "This property is not allowed; remove it.",
            ValidationErrorKind.NumberNotMultipleOf or ValidationErrorKind.IntegerNotMultipleOf => $"Must be a multiple of {Num(s?.MultipleOf)}.",
            ValidationErrorKind.TooManyProperties => $"Must have at most {s?.MaxProperties} properties.",
            ValidationErrorKind.TooFewProperties => $"Must have at least {s?.MinProperties} properties.",
            ValidationErrorKind.NotAnyOf => "Must match at least one of the allowed shapes.",
            ValidationErrorKind.NotOneOf => "Must match exactly one of the allowed shapes.",
            ValidationErrorKind.NotAllOf => "Must match all of the required shapes.",
            ValidationErrorKind.ExcludedSchemaValidates => "Matches a shape that is not allowed.",
            ValidationErrorKind.DateTimeExpected => "Must be an RFC 3339 date-time.",
            ValidationErrorKind.DateExpected => "Must be a date (YYYY-MM-DD).",
            ValidationErrorKind.TimeExpected => "Must be a time (HH:MM:SS).",
            ValidationErrorKind.EmailExpected => "Must be an email address.",
            ValidationErrorKind.UriExpected => "Must be a URI.",
            ValidationErrorKind.UuidExpected or ValidationErrorKind.GuidExpected => "Must be a UUID.",
            ValidationErrorKind.HostnameExpected => "Must be a host name.",
            _ => "Invalid value (" + error.Kind + ").",
        };
    }

    private static string Num(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";
}
