using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Switchboard.ControlPlane.Http;

internal static class ApiConventions
{
    /// <summary>
    /// Documents exactly the problem responses a route of this shape can return. Every authenticated route
    /// can answer 401, 403 and 429; the rest follows from the shape.
    /// </summary>
    public static RouteHandlerBuilder WithApiConventions(this RouteHandlerBuilder builder, ApiShape shape)
    {
        builder.ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        if ((shape & (ApiShape.Body | ApiShape.List)) != 0) builder.ProducesProblem(StatusCodes.Status400BadRequest);
        if ((shape & ApiShape.Body) != 0)
        {
            builder.ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        }
        if ((shape & ApiShape.Id) != 0) builder.ProducesProblem(StatusCodes.Status404NotFound);
        builder.WithMetadata(new ApiShapeMetadata(shape));
        return builder;
    }
}
