using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JitDashboard.Platform;

/// <summary>
/// The one way an options type is registered: bound from its section, checked by one <see cref="IValidateOptions{T}"/>
/// class that lists every problem (each message naming its key), and validated when the host starts, so that a bad
/// configuration stops start-up with the whole list rather than failing at first use.
/// </summary>
public static class ValidatedOptions
{
    /// <summary>Registers <typeparamref name="TOptions"/> with its validator and <c>ValidateOnStart</c>; the caller binds it.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptions<TOptions>().ValidateOnStart();
    }

    /// <summary>The same, bound from the configuration section <paramref name="sectionName"/>.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string sectionName)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddValidatedOptions<TOptions, TValidator>().Bind(configuration.GetSection(sectionName));
    }

    /// <summary>The result of a validator that collected <paramref name="errors"/>.</summary>
    public static ValidateOptionsResult Result(IReadOnlyCollection<string> errors)
        => errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
}
