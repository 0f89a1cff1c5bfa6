using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CognitoLite.Core.Storage;

/// <summary>
/// A query on a hot path, compiled once per model instead of translated on every call. EF Core binds a compiled
/// query to the model it first ran against; a process can hold several (the tests run SQLite and PostgreSQL hosts side by side).
/// </summary>
public sealed class CompiledQuery<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = [];

    public TQuery For(DbContext db) =>
        _byModel.TryGetValue(db.Model, out var query) ? query : _byModel.GetValue(db.Model, _ => compile());
}
