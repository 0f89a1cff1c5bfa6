using System.Security;
using CognitoLite.Core.Import;
using CognitoLite.Server.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CognitoLite.Server.Import;

/// <summary>
/// PUT {PreSignedUrl}: an import job's CSV, sent as to an S3 presigned URL (`curl -T users.csv -H
/// "x-amz-server-side-encryption: aws:kms" "$URL"`, or fetch with method PUT). Answered as S3 answers: 200 with the ETag,
/// or an XML error (AccessDenied, SignatureDoesNotMatch, EntityTooLarge).
/// </summary>
internal static class CsvUploadEndpoint
{
    public static void MapUserImportUploads(this WebApplication app) =>
        app.MapPut(CsvUploads.PathPrefix + "/{userPoolId}/{jobId}", Upload);

    private static async Task Upload(HttpContext context, string userPoolId, string jobId, CsvUploads uploads)
    {
        // A CSV may be far larger than an API request: Kestrel's limit is lifted here, and CsvUploads enforces its own.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;
        var request = context.Request;
        var response = context.Response;
        try
        {
            var etag = await uploads.Accept(userPoolId, jobId, request.Query["Expires"], request.Query["Signature"],
                request.Headers[CsvUploads.EncryptionHeader], request.ContentLength, request.Body, context.RequestAborted);
            response.StatusCode = StatusCodes.Status200OK;
            response.Headers.ETag = etag;
            response.Headers[CsvUploads.EncryptionHeader] = CsvUploads.Encryption;
        }
        catch (UploadRefusedException refused)
        {
            context.Items["ErrorType"] = refused.Code;
            response.StatusCode = refused.Status;
            response.ContentType = "application/xml";
            await response.WriteAsync(
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{refused.Code}</Code><Message>{SecurityElement.Escape(refused.Message)}</Message>"
                + $"<RequestId>{RequestIds.Of(context)}</RequestId></Error>", context.RequestAborted);
        }
    }
}
