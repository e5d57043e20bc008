using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Http;

namespace Switchboard.ControlPlane.Common;

/// <summary>Cursor pagination over (created_at desc, id desc): stable under inserts, no offsets.</summary>
internal static class Paging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static Task<Results<Ok<Page<TOut>>, ProblemHttpResult>> PageAsync<T, TOut>(
        IQueryable<T> query, int? limit, string? after, Func<T, TOut> map, CancellationToken ct)
        where T : class, IListable =>
        PageAsync(query, limit, after, (rows, _) => Task.FromResult<IReadOnlyList<TOut>>(rows.Select(map).ToList()), ct);

    /// <summary>As above, with a mapper that loads related data for the whole page in one query.</summary>
    public static async Task<Results<Ok<Page<TOut>>, ProblemHttpResult>> PageAsync<T, TOut>(
        IQueryable<T> query, int? limit, string? after,
        Func<IReadOnlyList<T>, CancellationToken, Task<IReadOnlyList<TOut>>> mapPage, CancellationToken ct)
        where T : class, IListable
    {
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit)
            return ApiProblems.Validation("limit", $"limit must be between 1 and {MaxLimit}.");

        if (after is not null)
        {
            if (!Cursor.TryDecode(after, out var cursor))
                return ApiProblems.Validation("after", "after is not a cursor returned by this list.");
            query = query.Where(x => x.CreatedAt < cursor.CreatedAt
                || (x.CreatedAt == cursor.CreatedAt && string.Compare(x.Id, cursor.Id) < 0));
        }

        var rows = await query
            .OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id)
            .Take(take + 1)
            .ToListAsync(ct);

        var hasMore = rows.Count > take;
        if (hasMore) rows.RemoveAt(rows.Count - 1);
        var next = hasMore ? new Cursor(rows[^1].CreatedAt, rows[^1].Id).Encode() : null;
        return TypedResults.Ok(new Page<TOut>(await mapPage(rows, ct), hasMore, next));
    }
}
